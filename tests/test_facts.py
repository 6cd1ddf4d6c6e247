"""The facts stage on the bundled example and on short texts written for these
tests: entities with merged spellings, quotes with speakers, the timeline,
figure disagreements and updates, and citations that never overclaim."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsfuse.facts import extract_facts
from newsfuse.ingest import Article, article_id
from newsfuse.pipeline import build_brief, prepare
from newsfuse.render import render


def _article(text: str, label: str, published: str | None = None) -> Article:
    return Article(id=article_id(label, text), source=label, text=text, origin=label, published=published)


def _facts(*reports: tuple[str, str | None]):
    articles = [_article(text, f"report-{i}", pub) for i, (text, pub) in enumerate(reports)]
    return extract_facts(prepare(articles))


@pytest.fixture(scope="module")
def example_brief(example_dir):
    return build_brief([example_dir], facts=True)


def _entity_with(facts, name):
    return next(e for e in facts.entities if name in e.names)


def test_example_bukamal_and_isis_are_one_entity_each(example_brief):
    facts = example_brief.facts
    town = _entity_with(facts, "Albu Kamal")
    assert {"Albu Kamal", "al-Bukamal", "al-Bukamel", "Bukamal"} <= set(town.names)
    assert town.kind == "place"
    group = _entity_with(facts, "ISIS")
    assert {"ISIS", "Islamic State", "IS", "Daesh"} <= set(group.names)
    assert group.kind == "organisation"
    assert sum(1 for e in facts.entities if "Bukamal" in e.names or "ISIS" in e.names) == 2


def test_example_hokayem_quote_once_with_speaker_role_and_both_reports(example_brief):
    facts = example_brief.facts
    number = {s.label: s.number for s in example_brief.sources}
    hokayem = [q for q in facts.quotes if "weakening of ISIS" in q.text]
    assert len(hokayem) == 1
    q = hokayem[0]
    assert q.speaker == "Emile Hokayem"
    assert q.role == "a Middle East analyst at the International Institute for Strategic Studies"
    assert q.reports == sorted([number["Boston Globe"], 5])  # ‘‘…’’ in the Globe, “…” in report 5
    assert len({m.article_id for m in q.mentions}) == 2


def test_example_ryan_dillon_role(example_brief):
    dillon = _entity_with(example_brief.facts, "Ryan Dillon")
    assert dillon.kind == "person"
    assert "Dillon" in dillon.names
    assert dillon.role.startswith("a spokesman for the U") and "coalition" in dillon.role


def test_example_two_bases_are_no_disagreement(example_brief):
    facts = example_brief.facts
    figures = [f.text for c in facts.disagreements + facts.updates for f in c.figures]
    assert not any("km" in t or "miles" in t for t in figures), figures


def test_example_spelling_variants_are_no_name_disagreement(example_brief):
    # "al-Bukamel" / "Bukamal", "Colonel" / "Col." are one name: nothing listed
    assert example_brief.facts.differences == []


def test_example_undated_reports_give_undated_events(example_brief):
    timeline = example_brief.facts.timeline
    tuesday = [e for e in timeline if e.expression == "On Tuesday"]
    assert tuesday and all(e.date is None for e in tuesday)  # the example has no publication dates


def test_reports_differing_only_in_a_figure_cited_separately_and_disagree():
    a = ("Floods in the valley damaged more than 40,000 homes on Monday, officials said. "
         "The river rose faster than forecast.\n\nRescue teams worked through the night in the villages.")
    b = ("Floods in the valley damaged about 38,000 homes on Monday, officials said. "
         "The river rose faster than forecast.\n\nSeveral roads stayed closed across the region.")
    brief = build_brief([_article(a, "one"), _article(b, "two")], words=200, facts=True)
    homes = [s for s in brief.sentences if "homes" in s.text]
    assert homes and all(len(s.citations) == 1 for s in homes)
    river = [s for s in brief.sentences if "river rose" in s.text]
    assert river and river[0].citations == [1, 2]  # identical sentences still cite both
    (d,) = brief.facts.disagreements
    assert d.kind == "disagreement"
    assert sorted((f.source, f.text) for f in d.figures) == [(1, "more than 40,000 homes"), (2, "about 38,000 homes")]


def test_transliterations_merge_and_a_near_name_does_not():
    facts = _facts(
        ("Government troops entered Deir al-Zour on Monday after a long siege. "
         "Ahmed Hassan, a local doctor, said the hospital in Deir al-Zour was full.", None),
        ("Residents of Deir ez-Zor welcomed the troops. Ahmed Hassoun, a farmer, said food was short.", None),
        ("Aid convoys are expected in Dayr az-Zawr next week, the United Nations said.", None),
    )
    town = _entity_with(facts, "Deir al-Zour")
    assert {"Deir al-Zour", "Deir ez-Zor", "Dayr az-Zawr"} <= set(town.names)
    hassan = _entity_with(facts, "Ahmed Hassan")
    assert "Ahmed Hassoun" not in hassan.names
    assert _entity_with(facts, "Ahmed Hassoun").role == "a farmer"


def test_quote_across_two_sentences_and_a_continued_paragraph():
    text = (
        "The storm reached the coast late on Friday.\n\n"
        "“We moved everyone we could to higher ground. Nobody was left in the harbour,” said Maria Lopez, "
        "the mayor of Port Alba.\n\n"
        "“The water came up faster than anyone expected and the sea wall did not hold.”\n\n"
        "Officials said the damage would take weeks to count."
    )
    facts = _facts((text, "2024-03-02"))
    first = next(q for q in facts.quotes if "higher ground" in q.text)
    assert "Nobody was left in the harbour" in first.text  # one quotation over two sentences
    assert first.speaker == "Maria Lopez"
    assert first.role == "the mayor of Port Alba"
    continued = next(q for q in facts.quotes if "sea wall" in q.text)
    assert continued.speaker == "Maria Lopez"  # the next paragraph continues her quotation


def test_same_quote_with_other_marks_and_shortened_is_one_quote():
    a = "“The bridge will reopen before the winter and traffic will be normal again,” said Tom Reyes, a city engineer."
    b = "‘‘The bridge will reopen before the winter,’’ said Tom Reyes, who leads the repairs."
    facts = _facts((a, None), (b, None))
    bridge = [q for q in facts.quotes if "bridge will reopen" in q.text]
    assert len(bridge) == 1 and bridge[0].reports == [1, 2] and bridge[0].speaker == "Tom Reyes"


def test_relative_dates_across_a_month_boundary():
    text = ("On Wednesday, the council voted to close the old market. "
            "The plan was first proposed last month by the mayor.")
    facts = _facts((text, "2024-03-02"))  # a Saturday; the Wednesday before is 28 February
    by_expression = {e.expression: e for e in facts.timeline}
    assert by_expression["On Wednesday"].date == "2024-02-28"
    assert by_expression["On Wednesday"].precision == "day"
    assert by_expression["last month"].date == "2024-02"  # a month keeps its precision (issue 19)
    assert by_expression["last month"].precision == "month"


def test_unit_conversion_agreeing_within_rounding_and_disagreeing():
    base = "The wildfire burned a strip of forest {} long near the northern highway, firefighters said."
    agree = _facts((base.format("100 kilometers"), None), (base.format("62 miles"), None))
    assert agree.disagreements == []  # 62 miles = 99.8 km
    differ = _facts((base.format("100 kilometers"), None), (base.format("80 miles"), None))
    (d,) = differ.disagreements  # 80 miles = 128.7 km
    assert {f.text for f in d.figures} == {"100 kilometers long", "80 miles long"}


def test_counts_with_qualifiers_agree_and_a_rising_toll_is_an_update():
    base = "The blast in the market killed {} people, police said on the scene."
    dozen = _facts((base.format("at least a dozen"), None), (base.format("12"), None))
    assert dozen.disagreements == [] and dozen.updates == []
    rising = _facts((base.format("14"), "2024-05-01"), (base.format("31"), "2024-05-02"))
    assert rising.disagreements == []
    (u,) = rising.updates
    assert [f.value for f in u.figures] == [14, 31]  # in report-date order
    (on_timeline,) = [e for e in rising.timeline if e.kind == "update"]
    assert on_timeline.date == "2024-05-02" and on_timeline.reports == [1, 2]


def test_outputs_escape_report_text():
    text = "“Nobody should run <script>alert(1)</script> here at all,” said Ana Ruiz, a *bold* [analyst](x)."
    brief = build_brief([_article(text, "one")], words=100, facts=True)
    html = render(brief, "html")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<h3>Quotes</h3>" in html and "Ana Ruiz" in html
    md = render(brief, "md")
    assert "<script>" not in md and "\\[analyst\\]" in md
    data = json.loads(render(brief, "json"))
    assert data["facts"]["quotes"][0]["speaker"] == "Ana Ruiz"


def test_brief_without_facts_never_loads_spacy(example_dir):
    code = (
        "import sys, newsfuse\n"
        f"b = newsfuse.brief([{str(example_dir)!r}])\n"
        "assert b.facts is None\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
