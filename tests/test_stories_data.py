"""Small hand-written articles of three unrelated stories, shared by the test_stories_* files."""
from __future__ import annotations

from newsfuse.ingest import Article

QUAKE = [
    "A magnitude 7.8 earthquake struck off the coast of Valparaiso in Chile on Monday, toppling buildings "
    "and cutting power to thousands. Chilean authorities issued a tsunami warning for the Valparaiso coast.",
    "Rescue teams in Valparaiso searched collapsed buildings after the magnitude 7.8 earthquake, Chile's "
    "interior ministry said. The tsunami warning for the coast was lifted hours after the earthquake.",
    "The Valparaiso earthquake killed at least twelve people, Chilean officials said, as aftershocks shook "
    "the coast and rescue teams dug through collapsed buildings without power.",
]
TRANSFER = [
    "Striker Marco Bellandi signed a five-year contract with Real Sociedad on Tuesday in a transfer worth "
    "forty million euros, the Basque football club announced at Anoeta stadium.",
    "Real Sociedad confirmed the transfer of Marco Bellandi for forty million euros, a club record. The "
    "striker signed his five-year contract and was presented to fans at Anoeta stadium.",
    "Bellandi, the Italian striker, said joining Real Sociedad was a dream as the club unveiled its record "
    "forty million euro transfer at Anoeta stadium on Tuesday.",
]
PHONE = [
    "Nokturn unveiled its foldable Lumen smartphone with a titanium hinge and a 7-inch display at a launch "
    "event in Helsinki, pricing the Lumen at 1,499 dollars.",
    "The foldable Lumen from Nokturn has a titanium hinge, a 7-inch display and a battery that lasts two "
    "days, the Helsinki company said at its smartphone launch event.",
    "Reviewers at the Helsinki launch praised the Lumen's titanium hinge but questioned the 1,499 dollar "
    "price of Nokturn's first foldable smartphone.",
]
TEMPLATE = (
    "Enable JavaScript to view this page. We use cookies to improve your experience on our website; by "
    "continuing to browse you agree to our cookie policy and privacy notice. Subscribe to our newsletter."
)


def corpus() -> tuple[list[str], list[int]]:
    texts, gold = [], []
    for label, story in enumerate((QUAKE, TRANSFER, PHONE)):
        texts += story
        gold += [label] * len(story)
    return texts, gold


def articles(texts: list[str], prefix: str = "t", published: list[str | None] | None = None) -> list[Article]:
    published = published or [None] * len(texts)
    return [
        Article(id=f"{prefix}{i}", source=f"outlet{i % 4}", text=t, origin=f"{prefix}{i}", published=p)
        for i, (t, p) in enumerate(zip(texts, published))
    ]
