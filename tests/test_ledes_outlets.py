"""The front page's lede and outlet names (issue 21): the lede is one or two verbatim sentences of the
story's brief (or, before a brief is made, of its lead report as clean and segment read it), never a
section label, byline, dateline or the headline again; an uploaded file's chip names its outlet, never a
hash."""
from __future__ import annotations

import re

import pytest

from newsfuse.service import NewsService
from newsfuse.service.inputs import readable_label
from newsfuse.service.ledes import lede_of, lede_of_text, pick, repeats

HASH = re.compile(r"[0-9a-f]{12,}")

SECTIONED = (  # a section label, the headline, a byline and a dateline before the first sentence
    "Politics\n\n"
    "Kellby council approves new harbour wall\n\n"
    "By Jane Roe, Staff Reporter\n\n"
    "KELLBY (PN) _ The Kellby council on Monday approved a 40 million euro harbour wall after three winters "
    "of flooding. ``It is overdue,'' the mayor, Ole Brandt, said after the vote. Work starts in June and "
    "is to end in 2029, the council said.\n\n"
    "The wall will run 2 kilometres along the old ferry quay."
)


def test_a_lede_is_clean_verbatim_sentences_not_the_headline():
    lede = lede_of(None, SECTIONED, title="Kellby council approves new harbour wall")
    assert lede.startswith("The Kellby council on Monday approved"), lede
    for junk in ("Politics", "Jane Roe", "KELLBY (PN)", " _ "):
        assert junk not in lede
    assert lede in " ".join(SECTIONED.split())  # verbatim sentences of the report
    # a title cut from the text itself is not said twice
    untitled = "The Kellby council on Monday approved a harbour wall after three winters of flooding. Work starts in June."
    assert lede_of_text(untitled, headline="The Kellby council on Monday approved a harbour wall after…") == \
        "Work starts in June."
    assert repeats("Kellby council approves new harbour wall.", "Kellby council approves new harbour wall")
    assert repeats("The council approved a harbour wall on Monday.", "The council approved a harbour wa\u2026")
    assert not repeats("The wall will run 2 kilometres along the old ferry quay.", "Kellby council approves new harbour wall")
    # a fragment a byline cut leaves is passed over; a second sentence only when it follows in its report
    assert pick(["apon Smith, the forces advanced on the town on Monday.", "A day later the army attacked the town."]) \
        == "A day later the army attacked the town."
    assert pick(["The army attacked the town on Monday morning.", "Its mayor fled to the capital city."],
                keys=[("a", 0), ("b", 3)]) == "The army attacked the town on Monday morning."
    # a pronoun after a short opening phrase leans on a sentence the reader never saw
    assert pick(["Three years ago, he set up a web site that lists the names of clinic doctors.",
                 "The site's founder, Ned Horst, says it is a record for future trials."]) \
        == "The site's founder, Ned Horst, says it is a record for future trials."
    assert pick(["After Ned Horst left the army, he set up a web site that lists clinic doctors."]) is not None
    assert pick(["On Monday, Horst said the site would stay online whatever the court decides."]) is not None
    long = "The council voted " + "and voted again " * 40 + "on Monday."
    assert pick([long]).endswith("\u2026") and len(pick([long])) <= 281


@pytest.fixture(scope="module")
def example_service(tmp_path_factory, example_dir):
    service = NewsService(tmp_path_factory.mktemp("ledes") / "stories.db")
    outcome = service.add_files([(p.name, p.read_bytes()) for p in sorted(example_dir.glob("*.txt"))])
    assert len(outcome.articles) == 5
    yield service
    service.close()


def test_example_ledes_before_and_after_the_brief(example_service):
    from newsfuse.text import context_need, unresolved_reference

    service = example_service
    _, stories = service.stories()
    assert len(stories) == 1  # the example is one event story (issue 17)
    before = {}
    for story in stories:  # before any brief: the lead the title came from, cleaned
        assert story.lede and not story.lede.startswith(("Military", story.title))
        assert "Reporter" not in story.lede and "Owm" not in story.lede and not story.lede[0].islower()
        assert context_need(story.lede) in (None, "he-said") and not unresolved_reference(story.lede, story.title)
        before[story.id] = story.lede
    for story in stories:
        service.view(story.id, 120)
    _, stories = service.stories()  # a brief exists now: the lede still agrees with the title's lead
    for story in stories:
        assert story.lede == before[story.id]
        assert "Reporter" not in story.lede and not story.lede.startswith("Military")


def test_uploaded_files_are_named_by_their_outlet_never_a_hash(example_service):
    _, stories = example_service.stories()
    chips = [name for s in stories for name in s.sources]
    assert not any(HASH.search(name) for name in chips), chips
    assert {"Boston Globe", "Y-Net"} <= set(chips)  # an outlet line above the text; "From Y-Net:"
    assert "file 004" in chips  # nothing names 004's outlet: its file name without the hash
    for story in stories:
        labels = [s["label"] for s in example_service.view(story.id, 120)["brief"]["sources"]]
        assert sorted(set(labels)) == sorted(set(story.sources))  # the story page names them alike
    assert readable_label("reuters-3e4f2c6dea3b26a0") == "reuters"
    assert readable_label("20260504") == "20260504" and readable_label("Port News") == "Port News"


def test_an_explicit_source_is_kept(tmp_path):
    with NewsService(tmp_path / "s.db") as service:
        outcome = service.add_objects([{"text": SECTIONED, "source": "Port News", "title": "Harbour wall"}])
        assert outcome.stories[0].sources == ["Port News"]
        outcome = service.add_files([("5a5e5de958ef110a.txt", b"Quay closes\n\n" + SECTIONED.encode())])
        assert outcome.stories[0].sources[-1] == "file"


def test_the_list_counts_what_the_story_page_lists(tmp_path, example_dir):
    """A copy under another id is one more report on the story page: the list counts it too."""
    files = sorted(example_dir.glob("*.txt"))
    with NewsService(tmp_path / "s.db") as service:
        service.add_files([(p.name, p.read_bytes()) for p in files])
        outcome = service.add_files([("copy-of-004.txt", files[4].read_bytes())])
        assert outcome.articles[0]["status"] == "duplicate"
        _, stories = service.stories()
        for story in stories:
            listed = service.view(story.id, 120)["brief"]["sources"]
            assert story.reports == len(listed), (story.reports, len(listed))
            assert sorted({readable_label(s) for s in story.sources}) == sorted({s["label"] for s in listed})
        assert service.reports() == sum(s.reports for s in stories) == 6


def test_json_articles_without_a_source_are_unnamed_or_their_urls_domain(tmp_path):
    """Objects sent without a source show "Unnamed source" (each counted as its own outlet) or their
    URL's domain, never the request index ("request[2]")."""
    from fastapi.testclient import TestClient

    from newsfuse.service.inputs import outlet_count
    from newsfuse.web.app import create_app

    wall = SECTIONED.split("\n\n", 3)[3]
    objects = [{"text": wall}, {"text": wall.replace("Monday", "Tuesday") + " Residents welcomed the plan."},
               {"text": wall + " Shops on the quay stayed open.", "url": "https://www.kellby-post.example/news/7"}]
    with NewsService(tmp_path / "s.db") as service:
        service.add_objects(objects)
        _, stories = service.stories()
        client = TestClient(create_app(service), base_url="http://127.0.0.1")
        pages = [client.get("/").text] + [client.get(f"/stories/{s.id}?words=60").text for s in stories]
        shown = [name for html in pages for name in re.findall(r'<(?:span class="chip"|strong)>([^<]*)<', html)]
        assert not [name for name in shown if "request" in name], shown  # chips and the sources list
        assert {"Unnamed source", "kellby-post.example"} <= set(shown)
        for html, story in zip(pages[1:], stories):
            n = len(story.sources)
            assert f"from {n} source{'' if n == 1 else 's'}" in html  # each unnamed report an outlet
        labels = [x for s in stories for x in s.sources]
        assert outlet_count(labels) == len(set(labels))  # two unnamed reports are two outlets, not one
    assert readable_label("request") == readable_label("request[2]") == "Unnamed source"
    assert readable_label("batch[3]") == "batch"  # an uploaded JSON list: its file name, no index
    assert outlet_count(["request[0]", "request[1]", "Port News", "port-news-5a5e5de958ef110a"]) == 4
