"""Titles that read like headlines: the central report's lead sentence, shortened on its parse (subject
and finite verb kept; leading adverbials, attribution and trailing modifiers dropped whole)."""
from __future__ import annotations

import pytest

from newsfuse.stories.title import heading_of_reports, title_of_reports

pytest.importorskip("spacy")

ELECTION = [
    "With most of the ballots counted on Sunday night, Ostland's ruling Harbour Party won a third term in "
    "parliament, election officials said.\n\nThe party took 48 percent of the vote. Turnout was low.",
    "Ostland's ruling Harbour Party won a third straight term in parliament on Sunday, according to "
    "preliminary results.\n\nOpposition leaders conceded defeat late in the evening.",
    "KELLBY, Ostland - Voters in Ostland returned the Harbour Party to power on Sunday.\n\n"
    "The documents date from August, and the situation might have changed since then.",
]
DAM = [
    "The Marrow Dam will stay closed until the spring floods have passed, the regional water authority said on "
    "Tuesday.\n\nThe decision angered farmers downstream, who need the water for their fields in March.",
    "The regional water authority kept the Marrow Dam closed on Tuesday as the spring floods rose.\n\n"
    "Farmers downstream said they needed the water.",
]
LONG = ("Engineers working for the regional water authority of the northern province opened the floodgates of "
        "the Marrow Dam early on Friday morning as the river rose to a record height across the valley and "
        "water covered the lower fields of three villages.")
DANGLING = {"the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "from", "and", "or", "but", "with", "as"}


def _ok(title: str) -> None:
    assert "…" not in title and not title.endswith((".", ",", ";", ":"))
    assert title[0].isupper() and title.split()[-1].lower() not in DANGLING


def test_a_leading_adverbial_and_trailing_attribution_are_dropped():
    title = title_of_reports([], ELECTION)
    _ok(title)
    assert title.startswith("Ostland's ruling Harbour Party won")
    assert "With" not in title and "said" not in title and "according" not in title


def test_the_reported_clause_is_the_headline_and_the_lead_is_kept():
    heading = heading_of_reports([None, None], DAM)
    _ok(heading.title)
    assert heading.title.startswith("The Marrow Dam will stay closed") or heading.title.startswith(
        "The regional water authority kept the Marrow Dam closed")
    assert "authority said" not in heading.title
    assert heading.lead and heading.lead[0].startswith(("The Marrow Dam", "The regional"))


def test_a_long_lead_is_shortened_at_subtree_boundaries_never_mid_clause():
    title = title_of_reports([], [LONG])
    _ok(title)
    assert title.startswith("Engineers") and "opened the floodgates" in title
    assert len(title) <= 100
    words = LONG.rstrip(".").split()
    kept = title.split()  # the title's words are the lead's words in order (whole phrases left out)
    it = iter(words)
    assert all(any(w == x for x in it) for w in kept)


def test_a_shared_headline_still_wins():
    assert title_of_reports(["Harbour Party wins third term", "Harbour Party wins third term", None],
                            ELECTION[2:]) == "Harbour Party wins third term"


def test_without_a_subject_and_verb_no_fragment_becomes_the_title():
    title = title_of_reports([], ["As several of its members observed at the meeting in the capital on Monday.\n\n"
                                  "The Kellby council approved a new harbour wall on Monday after a long debate."])
    _ok(title)
    assert not title.startswith("As ")


def test_the_lede_comes_from_the_same_lead_reads_on_its_own_and_is_not_the_title():
    from newsfuse.service.ledes import lede_of_lead, says_title, title_and_lede

    title, lede = title_and_lede([], ELECTION)
    assert lede and lede != title and not says_title(lede, title)
    assert "documents" not in lede  # "The documents date from August": which documents?
    lead = ["The Marrow Dam will stay closed until the spring floods have passed, the authority said on Tuesday.",
            "The documents date from August, and the situation might have changed since then.",
            "Farmers downstream said they needed the water for their fields in March."]
    head = "The Marrow Dam will stay closed until the spring floods have passed"
    assert lede_of_lead(lead, head) == lead[2]  # the lead says the title again; the next has no referent
    resolved = [lead[0], "The dam was built in 1950 and holds back the river for six villages."]
    assert lede_of_lead(resolved, head) == resolved[1]  # "The dam": the title named it
    assert lede_of_lead(lead[:2], head) is None  # nothing reads on its own: the list takes another lede


def test_the_list_shows_the_headline_and_a_lede_from_its_lead(tmp_path):
    from newsfuse.ingest import Article
    from newsfuse.service import NewsService
    from newsfuse.text import unresolved_reference

    with NewsService(tmp_path / "s.db") as service:
        service.add([Article(id=f"e{i}", source=f"wire{i}", text=t, published="2024-05-05")
                     for i, t in enumerate(ELECTION)])
        _, stories = service.stories()
    titles = [s.title for s in stories]
    assert any(t.startswith("Ostland's ruling Harbour Party won") for t in titles), titles
    for s in stories:  # a lede that would need context is left out rather than shown
        assert s.lede is None or (s.lede != s.title and not unresolved_reference(s.lede, s.title))
    assert any(s.lede and s.title.startswith("Ostland's") for s in stories)


def test_no_lede_rather_than_one_that_leans_on_what_came_before():
    from newsfuse.service.ledes import pick

    assert pick(["``We did everything we could in the time that we had,'' he said."], "Dam stays shut") is None
    assert pick(["``As far as we know now, the company did everything correctly.''"], "Dam stays shut") is None
    assert pick(["``We did everything we could.''", "The Kellby council approved a new harbour wall on Monday."],
                "Dam stays shut") == "The Kellby council approved a new harbour wall on Monday."
