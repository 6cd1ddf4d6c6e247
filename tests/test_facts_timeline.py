"""A sane timeline: events in the story's span, historical anchors as background
after them, partial dates at their precision (texts written for these tests)."""
from __future__ import annotations

from newsfuse.facts import extract_facts
from newsfuse.pipeline import prepare
from newsfuse.facts.timeline import bounds, partial
from newsfuse.ingest import Article, article_id


def _timeline(*reports: tuple[str, str | None]):
    articles = [Article(id=article_id(f"r{i}", t), source=f"r{i}", text=t, origin=f"r{i}", published=p)
                for i, (t, p) in enumerate(reports)]
    return extract_facts(prepare(articles)).timeline


def test_historical_anchors_are_background_and_not_first():
    timeline = _timeline(
        ("The old bridge, built 188 years ago, collapsed on Tuesday. The town has been run by the same party "
         "since 1975. Engineers will inspect the other bridges next week.", "1998-10-22"),
        ("Divers searched the river on Wednesday after the collapse.", "1998-10-23"),
    )
    first = timeline[0]
    assert first.kind == "event" and first.date == "1998-10-20"  # Tuesday, not 1810
    anchors = {e.expression: e for e in timeline if e.kind == "background"}
    assert anchors["188 years ago"].date == "1810" and anchors["188 years ago"].precision == "year"
    assert anchors["since 1975"].date == "1975"
    kinds = [e.kind for e in timeline if e.date]
    assert kinds == sorted(kinds, key=lambda k: k == "background")  # background after every story event


def test_partial_dates_keep_their_precision():
    timeline = _timeline(("Prices rose in 1998 and again last month, officials said on Friday. "
                          "The plan was drafted last week.", "1999-03-10"))
    by = {e.expression.lower(): e for e in timeline}
    assert by["in 1998"].date == "1998" and by["in 1998"].precision == "year"
    assert by["last month"].date == "1999-02" and by["last month"].precision == "month"
    assert by["last week"].date == "1999-W09" and by["last week"].precision == "week"
    assert not any(e.date and e.date.endswith("-01-01") for e in timeline)


def test_a_date_outside_the_reports_span_is_background():
    timeline = _timeline(("The company was founded on June 5, 1961, and cut 400 jobs on Monday.", "2004-02-11"))
    by = {e.expression: e for e in timeline}
    assert by["June 5, 1961"].kind == "background"
    assert by["on Monday"].kind == "event" and by["on Monday"].date == "2004-02-09"
    assert timeline[0].expression == "on Monday"


def test_partial_dates_and_their_bounds():
    import datetime as dt
    day = dt.date(1998, 10, 14)
    assert [partial(day, p) for p in ("day", "week", "month", "year")] == ["1998-10-14", "1998-W42", "1998-10", "1998"]
    assert bounds("1998-10") == (dt.date(1998, 10, 1), dt.date(1998, 10, 31))
    assert bounds("1998-W42") == (dt.date(1998, 10, 12), dt.date(1998, 10, 18))
    assert bounds("1998") == (dt.date(1998, 1, 1), dt.date(1998, 12, 31))
