"""Event stories and threads (issue 17): rewrites and follow-ups join their event, two events of one
day in one city stay apart, a developing topic over three weeks is one thread, the bundled example is
one story alone and among other news. Texts written for these tests."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from newsfuse.ingest import Article
from newsfuse.stories.engine import group_levels
from newsfuse.stories.group import collect, describe, group
from newsfuse.text import days_of

ROOT = Path(__file__).resolve().parents[1]

FIRE = (
    "Fire at Kessler plant in Norvale kills four workers",
    "A fire tore through the Kessler Chemicals plant in Norvale on Tuesday morning, killing four workers and "
    "injuring 17 others, the Norvale fire department said. Fire chief Dana Okafor said the blaze started in a "
    "solvent storage hall shortly after 6 a.m. and burned for three hours before crews brought it under control. "
    "Residents within two kilometres were told to keep their windows closed because of the smoke.",
)
FIRE_REWRITE = (
    "Four dead, 17 hurt as blaze engulfs Kessler chemical plant in Norvale",
    "Four workers died and 17 were injured when a fire swept through the Kessler Chemicals plant in Norvale early "
    "on Tuesday. Fire chief Dana Okafor of the Norvale fire department said the fire broke out in the solvent "
    "storage hall just after 6 a.m. and crews needed three hours to bring the blaze under control. Residents "
    "living near the plant were asked to keep their windows shut because of the smoke.",
)
FIRE_FOLLOWUP = (
    "Kessler fire toll rises to five as inquiry opens",
    "The death toll from Tuesday's fire at the Kessler Chemicals plant in Norvale rose to five on Wednesday after "
    "an injured worker died in hospital. Prosecutors opened an inquiry into the blaze in the solvent storage hall, "
    "and fire chief Dana Okafor said inspectors had found a faulty ventilation unit. Kessler said it would "
    "cooperate fully and suspended production at the plant.",
)
TRAM = (
    "Norvale council approves tram line to the harbour",
    "Norvale's city council voted 31 to 12 on Tuesday evening to build a tram line from the central station to "
    "the harbour district, a project estimated at 410 million euros. Mayor Lene Varga called the vote a turning "
    "point for public transport in the city; opponents on the council said the cost estimate was too optimistic. "
    "Construction of the 9-kilometre line is due to start in 2026.",
)
STORM = [
    ("2024-08-01", "Hurricane Talia makes landfall on the Belmora coast",
     "Hurricane Talia made landfall on the Belmora coast on Thursday with winds of 190 kilometres an hour, "
     "flooding the port of San Aurel and cutting power to 300,000 homes. Belmora's civil protection agency "
     "said tens of thousands of people had been evacuated from low-lying districts before the storm arrived."),
    ("2024-08-09", "Talia death toll in Belmora climbs to 86",
     "The number of people killed by Hurricane Talia in Belmora rose to 86, the civil protection agency said on "
     "Friday, a week after the storm flooded San Aurel. Rescue teams were still searching collapsed buildings in "
     "the port, and power had been restored to only half of the homes cut off by Talia."),
    ("2024-08-21", "Aid reaches Belmora three weeks after Hurricane Talia",
     "Relief flights carrying tents, water purifiers and medicine landed in San Aurel on Wednesday, nearly three "
     "weeks after Hurricane Talia devastated the Belmora coast. The civil protection agency said 40,000 people "
     "displaced by Talia were still living in shelters, and the government asked donors for 120 million dollars "
     "to rebuild the port."),
]
OTHER = [
    "The central bank of Ostland left its main interest rate unchanged at 3.5 percent on Thursday, saying "
    "inflation was slowing but wages were still rising quickly. Economists had expected the decision.",
    "A team of astronomers reported the discovery of a gas giant orbiting a small red dwarf star 40 light years "
    "away, a planet they say is unusually large for such a dim host star.",
    "The national football team of Carvia beat Dunmark 2-1 in a friendly match, with both goals scored in the "
    "second half by the young striker Milo Brant, who was making his debut.",
    "A new study of 12,000 adults found that people who walked at least 7,000 steps a day had a lower risk of "
    "heart disease than those who walked fewer than 4,000, researchers said.",
    "Shares of the carmaker Vorda fell 8 percent after it cut its sales forecast for the year, blaming weak "
    "demand for electric vehicles in Europe and higher battery costs.",
    "The museum of modern art in Lisk will reopen in March after a two-year renovation that added a new wing for "
    "photography and a rooftop sculpture garden, its director said.",
]


def _article(i, title, text, published=None, source=None):
    return Article(id=f"t{i}", source=source or f"outlet{i}", text=text, title=title, published=published)


def _labels(items):
    texts = [f"{t}\n\n{b}" for t, b, _ in items]
    days = np.array([days_of(d) for _, _, d in items], dtype=np.float64)
    (events, threads), _, _ = group_levels(texts, days)
    return events, threads


def test_rewrite_and_follow_up_join_two_same_day_events_in_one_city_stay_apart():
    items = [(*FIRE, "2024-05-07"), (*FIRE_REWRITE, "2024-05-07"), (*FIRE_FOLLOWUP, "2024-05-08"),
             (*TRAM, "2024-05-07")] + [("", t, "2024-05-07") for t in OTHER]
    events, threads = _labels(items)
    assert events[0] == events[1] == events[2], "the rewrite and the follow-up join the fire story"
    assert events[3] != events[0], "the council vote of the same day in the same city is another story"
    assert threads[3] != threads[0]
    assert len(set(events[4:].tolist()) & set(events[:4].tolist())) == 0


def test_a_thread_spans_three_weeks():
    items = [(t, b, d) for d, t, b in STORM] + [("", t, "2024-08-10") for t in OTHER]
    events, threads = _labels(items)
    assert threads[0] == threads[1] == threads[2], "landfall, toll and relief are one thread"
    assert len(set(threads[3:].tolist()) & {threads[0]}) == 0


def test_cli_json_gives_each_event_story_its_thread(tmp_path):
    arts = [_article(i, t, b, d) for i, (d, t, b) in enumerate(STORM)]
    arts += [_article(10 + i, None, t, "2024-08-10") for i, t in enumerate(OTHER)]
    grouping = group(arts)
    stories = describe(grouping, brief=False)
    assert all(s.thread is not None for s in stories)
    storm = [s for s in stories if any(a.id in ("t0", "t1", "t2") for a in s.articles)]
    assert len({s.thread for s in storm}) == 1
    threads = describe(group(arts, level="thread"), brief=False)
    assert any({"t0", "t1", "t2"} <= {a.id for a in s.articles} for s in threads)


def test_the_example_is_one_story_alone_and_among_other_news():
    arts, problems = collect([str(ROOT / "examples" / "deir-ez-zor")])
    assert len(arts) == 5 and not problems
    alone = group(arts)
    assert [len(g) for g in alone.groups] == [5]
    others = [_article(100 + i, None, t) for i, t in enumerate(OTHER)]
    others += [_article(200, *FIRE), _article(201, *TRAM)] + [_article(300 + i, t, b) for i, (_, t, b) in enumerate(STORM)]
    mixed = group(others + arts)
    example_ids = {a.id for a in arts}
    holding = [g for g in mixed.groups if example_ids & {a.id for a in g}]
    assert len(holding) == 1 and {a.id for a in holding[0]} == example_ids


# A leader whose two-word name shares a word with another person's name after an honorific: the
# entity view compares whole names, so the two reports share no name and stay apart, while a
# rewrite of the leader's report joins it.
LEADER = ("Lim Tan agrees to border talks",
          "Lantavian leader Lim Tan agreed on Thursday to border talks with the rebels in Port Veska. Lim Tan "
          "said the talks would begin next month.")
LEADER_REWRITE = ("Lantavia's Lim Tan accepts border talks with rebels",
                  "Lim Tan, the leader of Lantavia, said on Thursday he would hold border talks with the rebels in "
                  "Port Veska, starting next month.")
COUNCILLOR = ("Council budget vote postponed",
              "The council vote on the budget was postponed. Rep. Nora Lim of Dayton, a councillor, said the talks "
              "on the budget had failed and asked for a vote on Monday.")


def test_names_are_whole_names_without_titles():
    from newsfuse.stories.views import names
    from newsfuse.text import CLUSTER_TERM
    import re

    def found(text):
        return [n for _, n in names(text, list(re.finditer(CLUSTER_TERM.pattern, text, re.IGNORECASE)))]

    assert found(COUNCILLOR[1]) == ["nora lim", "dayton"]  # "Rep." is a title; "Thursday" no name
    assert found(LEADER[1]) == ["lim tan", "port veska", "lim tan"]  # "Lantavian" opens the text
    assert found("They met President Bashar al-Assad and Sen. Hun in New York.") == [
        "bashar al assad", "hun", "new york"]


def test_a_shared_name_word_does_not_merge_two_reports_but_a_rewrite_joins():
    items = [(*LEADER, "2024-03-07"), (*COUNCILLOR, "2024-03-07"), (*LEADER_REWRITE, "2024-03-07")]
    events, threads = _labels(items + [(*FIRE, "2024-03-07"), (*TRAM, "2024-03-07")]
                              + [("", t, "2024-03-07") for t in OTHER])
    assert events[0] == events[2], "the rewrite joins the leader's report"
    assert events[1] != events[0] and threads[1] != threads[0]
    events, _ = _labels(items[:2])  # a tiny stream: every word is rare
    assert events[0] != events[1]
