"""Citations never overclaim on names and dates: two reports alike but for a
name or a date cite only themselves and are listed as a disagreement (or an
update when the reports' dates differ); a harmless wording change still
supports. Texts written for these tests."""
from __future__ import annotations

import json

from newsfuse.dedup.guard import common_words, differences
from newsfuse.ingest import Article, article_id
from newsfuse.pipeline import build_brief
from newsfuse.render import render

TAIL = ("The river rose faster than forecast in the lower valley.\n\n"
        "Rescue teams worked through the night in the villages.")
OTHER_TAIL = ("The river rose faster than forecast in the lower valley.\n\n"
              "Several roads stayed closed across the region.")


def _article(text: str, label: str, published: str | None = None) -> Article:
    return Article(id=article_id(label, text), source=label, text=text, origin=label, published=published)


def _brief(a: str, b: str, pub_a: str | None = None, pub_b: str | None = None, facts: bool = True):
    return build_brief([_article(a + " " + TAIL, "one", pub_a), _article(b + " " + OTHER_TAIL, "two", pub_b)],
                       words=200, facts=facts)


def _cites(brief, word: str) -> list[list[int]]:
    return [s.citations for s in brief.sentences if word in s.text]


def test_reports_differing_only_in_a_name_are_cited_separately_and_disagree():
    brief = _brief("The dam gates were opened to spare the town, said Mayor Elena Ruiz of Port Verde.",
                   "The dam gates were opened to spare the town, said Mayor Elena Diaz of Port Verde.")
    assert _cites(brief, "dam gates") and all(len(c) == 1 for c in _cites(brief, "dam gates"))
    assert _cites(brief, "river rose") == [[1, 2]]  # the identical sentence still cites both
    (d,) = brief.facts.differences
    assert (d.kind, d.about) == ("disagreement", "name")
    assert [(st.source, st.text) for st in d.statements] == [(1, "Ruiz"), (2, "Diaz")]
    assert all("dam gates" in st.sentence and st.mention.text == st.sentence for st in d.statements)


def test_reports_differing_only_in_a_date_are_cited_separately_and_disagree():
    brief = _brief("The dam gates were opened on Tuesday to spare the town, officials in Port Verde said.",
                   "The dam gates were opened on Wednesday to spare the town, officials in Port Verde said.")
    assert _cites(brief, "dam gates") and all(len(c) == 1 for c in _cites(brief, "dam gates"))
    (d,) = brief.facts.differences
    assert (d.kind, d.about) == ("disagreement", "date")
    assert [st.text for st in d.statements] == ["Tuesday", "Wednesday"]


def test_a_differing_date_in_reports_of_different_days_is_an_update():
    brief = _brief("The evacuation order for Port Verde was lifted on March 4 after the water fell.",
                   "The evacuation order for Port Verde was lifted on March 6 after the water fell.",
                   "2024-03-05T08:00:00", "2024-03-07T09:00:00")
    assert _cites(brief, "evacuation order") and all(len(c) == 1 for c in _cites(brief, "evacuation order"))
    (d,) = brief.facts.differences
    assert (d.kind, d.about) == ("update", "date")
    assert [st.text for st in d.statements] == ["March 4", "March 6"]  # in report-date order
    data = json.loads(render(brief, "json"))
    assert data["schema"] == "newsfuse.brief/2"
    (item,) = data["facts"]["differences"]
    assert item["kind"] == "update" and [s["source"] for s in item["statements"]] == [1, 2]
    assert "Update (date): “March 4” [1]" in render(brief, "md")
    assert "Update (date): “March 4”" in render(brief, "html")


def test_names_in_clauses_each_report_adds_are_kept_apart_but_not_listed():
    brief = _brief("A driver tried to ram a truck into the gates of the old dam near Port Verde, police said.",
                   "A driver from Lakeside tried to ram a truck into the gates of the old dam, police said.")
    assert differences("A driver tried to ram a truck into the gates of the old dam near Port Verde, police said.",
                       "A driver from Lakeside tried to ram a truck into the gates of the old dam, police said.",
                       )["name"] == (["Port", "Verde"], ["Lakeside"])
    assert _cites(brief, "ram a truck") and all(len(c) == 1 for c in _cites(brief, "ram a truck"))
    assert brief.facts.differences == []  # not the same slot: no disagreement listed


def test_a_harmless_wording_change_still_supports():
    brief = _brief("The dam gates were opened on Tuesday to spare the town, said Mayor Elena Ruiz of Port Verde.",
                   "The dam gates were quickly opened on Tuesday to spare the town, said Mayor Elena Ruiz of Port Verde.")
    assert _cites(brief, "dam gates") == [[1, 2]]
    assert brief.facts.differences == []


def test_spellings_aliases_and_sentence_starts_are_not_differing_names():
    common = common_words(["Officials said the town was safe.", "The officials left."])
    assert differences("Fighters left Deir ez-Zor, officials said.", "Fighters left Deir al-Zour, officials said.") == {}
    assert differences("U.S. jets struck ISIS positions.", "US jets struck Islamic State positions.") == {}
    assert differences("The worst Swedish fire in years.", "The worst fire in years in Sweden.") == {}
    assert differences("Army Colonel Ryan Dillon said so.", "Army Col. Ryan Dillon said so.") == {}
    assert differences("They head for the town of al-Bukamel.", "They head for the town of Bukamal.") == {}
    assert differences("Officials said the town was safe.", "Residents said the town was safe.", common) == {}
    # a name in one sentence only: the other says less, it does not contradict
    assert differences("The town was safe, said Mayor Ruiz.", "The town was safe, the mayor said.") == {}
    # "this week" and "Sunday" are dates of different kinds: no contradiction
    assert differences("The plane landed this week in Gaza.", "The plane landed Sunday in Gaza.") == {}
    assert differences("Talks resumed in Geneva.", "Talks resumed in Vienna.")["name"] == (["Geneva"], ["Vienna"])
    assert differences("It was backed, said Ólafur Berg.", "It was backed, said Ásgeir Berg.")["name"] == (["Ólafur"], ["Ásgeir"])
    assert differences("Talks resumed Sept. 3.", "Talks resumed on 4 September.")["date"] == (["Sept. 3"], ["4 September"])


def test_without_facts_the_guard_still_separates_citations():
    brief = _brief("The dam gates were opened to spare the town, said Mayor Elena Ruiz of Port Verde.",
                   "The dam gates were opened to spare the town, said Mayor Elena Diaz of Port Verde.", facts=False)
    assert brief.facts is None
    assert _cites(brief, "dam gates") and all(len(c) == 1 for c in _cites(brief, "dam gates"))


def test_claims_only_one_report_makes_are_marked_in_every_output():
    a = ("On Monday the council voted to close the old bridge for repairs, officials said. "
         "“We cannot wait for another flood season to pass,” said Mayor Elena Ruiz of Port Verde.")
    b = ("Engineers said on Tuesday that 14 cracks were found in the pillars of the old bridge. "
         "The council plans a public meeting about the repairs in the spring.")
    brief = build_brief([_article(a, "one", "2024-05-08T10:00:00"), _article(b, "two", "2024-05-08T12:00:00")],
                        words=200, facts=True)
    facts = brief.facts
    (quote,) = facts.quotes
    assert quote.single_source and quote.reports == [1]
    events = [e for e in facts.timeline if e.expression.endswith(("Monday", "Tuesday"))]
    assert len(events) == 2 and all(e.single_source and len(e.reports) == 1 for e in events)
    assert any("14 cracks" in f.text for f in facts.single_source_figures)
    md = render(brief, "md")
    (quote_line,) = [line for line in md.splitlines() if line.startswith("- “We cannot wait")]
    assert quote_line.endswith("[1] *(one report)*")
    assert md.count("*(one report)*") >= 3  # the quote and both dated events
    assert "### Figures only one report gives" in md
    html = render(brief, "html")
    assert html.count('<span class="tag">one report</span>') >= 3
    assert "<h3>Figures only one report gives (" in html and "14 cracks" in html
    data = json.loads(render(brief, "json"))["facts"]
    assert data["quotes"][0]["single_source"] is True
    assert all(e["single_source"] for e in data["timeline"] if e["reports"] in ([1], [2]))
    assert any("14 cracks" in f["text"] for f in data["single_source_figures"])


def test_a_figure_two_reports_give_in_different_spellings_is_not_single_source():
    from newsfuse.facts import extract_facts
    from newsfuse.pipeline import prepare

    a = ("Unemployment in the province rose to 4 percent in March, the statistics office said. "
         "The harbour authority counted 212 ships in the first quarter.")
    b = ("The jobless rate climbed to 4% last month as factories cut shifts. "
         "Exports of grain fell by a quarter, traders said.")
    c = "Officials put the province's unemployment at four per cent, with 3.5% among young workers."
    facts = extract_facts(prepare([_article(t, f"r{i}", "2024-05-08") for i, t in enumerate((a, b, c))]))
    single = [f.text for f in facts.single_source_figures]
    assert not [t for t in single if t.lower().startswith(("4", "four"))], single  # given by all three
    assert "212 ships" in single and "3.5%" in single  # figures only one report really gives
