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


def test_a_yearless_date_after_since_or_a_past_verb_is_in_the_past():
    timeline = _timeline((
        "The border crossing has been closed since April 20, officials said on Friday. "
        "Talks broke down on March 3 after a week of clashes. "
        "The ministry said on 14 November that exports had fallen.", "2026-12-04"))
    by = {e.expression: e for e in timeline}
    assert by["April 20"].date == "2026-04-20"  # not 2027-04-20, the nearer April 20
    assert by["March 3"].date == "2026-03-03"
    assert by["14 November"].date == "2026-11-14"


def test_a_yearless_date_with_a_future_marker_is_in_the_future():
    timeline = _timeline((
        "Voters will go to the polls on April 20. The new bridge is scheduled to open in March. "
        "The court has set the hearing for next January 12.", "2026-12-04"))
    by = {e.expression: e for e in timeline}
    assert by["April 20"].date == "2027-04-20"
    assert by["in March"].date == "2027-03"
    assert by["January 12"].date == "2027-01-12"


def test_a_yearless_date_the_text_does_not_place_stays_undated():
    timeline = _timeline((
        "The festival, which opens on April 20, draws crowds from across the region. "
        "A market is held on December 10 in the old square.", "2026-12-04"))
    by = {e.expression: e for e in timeline}
    assert by["April 20"].date is None and by["April 20"].precision == "day"  # kept, year not guessed
    assert by["December 10"].date == "2026-12-10"  # six days off: the other year is out of the question
    assert timeline[-1].expression == "April 20"  # undated events come last


def test_a_past_verb_a_day_after_the_report_date_stays_in_that_year():
    timeline = _timeline(("The minister resigned on December 5, her office said.", "2026-12-04"))
    assert timeline[0].date == "2026-12-05"  # a report's date may lag the writer's by a day


def test_tense_and_nearness_that_disagree_leave_a_yearless_date_undated():
    timeline = _timeline((
        "The airliner crashed into the sea shortly after taking off from the capital on October 31, killing "
        "all 90 people aboard. The navy wants to begin raising the bodies of the sailors who died aboard "
        "the ship in October by cutting holes in the hull, the minister said Tuesday.", "2026-09-16"))
    by = {e.expression: e for e in timeline}
    assert by["October 31"].date is None  # last year's crash, or this year's: the text does not settle it
    assert by["in October"].date in (None, "2026-10")  # never last October for a raising yet to begin


def test_an_infinitive_takes_no_tense_from_its_head():
    timeline = _timeline(("Experts found a computer virus set to become active on July 12, the day of the final.",
                          "2026-07-03"))
    assert timeline[0].expression == "July 12" and timeline[0].date == "2026-07-12"
