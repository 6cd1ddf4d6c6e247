"""Stories in a dated stream: wire updates join their story, a three-week story stays one, and the
store answers a batch from its index without reading stored texts. Texts written for these tests."""
from __future__ import annotations

import re

import numpy as np
from test_stories_data import PHONE, QUAKE, TRANSFER, articles

from newsfuse.store import terms
from newsfuse.stories.engine import cluster_texts
from newsfuse.store import StoryStore
from newsfuse.text import days_of

WIRE = (
    "OSTRAVA, Czech Republic (AP) _ A fire broke out Tuesday at the Vitkovice steel works in Ostrava, "
    "sending black smoke over the city and forcing the evacuation of about 300 workers, the regional fire "
    "service said. Firefighters were trying to keep the blaze away from a gas storage tank."
)
UPDATE_1 = (
    "OSTRAVA, Czech Republic (AP) _ A fire that broke out Tuesday at the Vitkovice steel works in Ostrava "
    "injured four workers and forced the evacuation of about 300 others, the regional fire service said. "
    "Firefighters kept the blaze away from a gas storage tank, and black smoke hung over the city. "
    "Residents were told to keep their windows closed."
)
UPDATE_2 = (
    "OSTRAVA, Czech Republic (AP) _ Firefighters put out a fire at the Vitkovice steel works in Ostrava late "
    "Tuesday after a six-hour battle that kept the blaze away from a gas storage tank, the regional fire "
    "service said. Four workers were injured and about 300 were evacuated. Police are investigating the cause."
)

# a strike at the (invented) Harlund shipyard, reported over three weeks
STRIKE = [
    ("2024-09-02", "Welders at the Harlund shipyard in Kessby walked out on Monday, starting a strike over pay "
                   "that halted work on two ferries, the shipyard union said."),
    ("2024-09-05", "The strike at the Harlund shipyard in Kessby entered its fourth day as the union rejected a "
                   "pay offer and work on the two ferries stayed halted."),
    ("2024-09-09", "Harlund shipyard managers and the welders' union met in Kessby for pay talks, a week into the "
                   "strike that has halted the ferries."),
    ("2024-09-12", "Talks to end the Harlund shipyard strike broke down in Kessby, the union said, as the welders' "
                   "walkout over pay went into a second week."),
    ("2024-09-16", "The ferry operator waiting for two ships from the strike-hit Harlund shipyard in Kessby said "
                   "the welders' strike over pay would delay deliveries."),
    ("2024-09-19", "Harlund shipyard and the welders' union reached a pay deal in Kessby, ending the strike, and "
                   "work on the two ferries will resume."),
    ("2024-09-23", "Welders returned to work at the Harlund shipyard in Kessby on Monday after the three-week "
                   "strike over pay, and the first ferry is due next spring."),
]


def test_a_wire_story_and_its_two_updates_are_one_story():
    texts = [WIRE, QUAKE[0], UPDATE_1, TRANSFER[0], UPDATE_2, PHONE[0]]
    days = np.array([days_of("2024-06-04")] * len(texts))
    labels = cluster_texts(texts, days)
    assert labels[0] == labels[2] == labels[4]
    assert len({labels[0], labels[1], labels[3], labels[5]}) == 4


def test_wire_updates_arriving_in_later_batches_join_the_stored_story(tmp_path):
    with StoryStore(tmp_path / "s.db") as store:
        first = store.add(articles([WIRE] + QUAKE, prefix="a", published=["2024-06-04T09:00:00Z"] * 4))
        second = store.add(articles([UPDATE_1, PHONE[0]], prefix="b", published=["2024-06-04T13:00:00Z"] * 2))
        third = store.add(articles([UPDATE_2, WIRE], prefix="c", published=["2024-06-04T20:00:00Z"] * 2))
        story = first.story_of["a0"]
        assert second.story_of["b0"] == third.story_of["c0"] == story
        assert third.duplicates == {"c1": story}  # the wire copy sent again under another id
        listed = [a.id for a in store.articles_of(story)]
        assert sorted(listed) == ["a0", "b0", "c0", "c1"]  # the copy is listed, its text stored once
        assert store.count()[0] == 7


def test_a_story_that_runs_three_weeks_stays_one_story(tmp_path):
    texts = [t for _, t in STRIKE] + [QUAKE[0], TRANSFER[0]]
    dates = [d for d, _ in STRIKE] + ["2024-09-10", "2024-09-10"]
    labels = cluster_texts(texts, np.array([days_of(d) for d in dates]))
    assert len(set(labels[: len(STRIKE)])) == 1
    assert labels[len(STRIKE)] != labels[0] != labels[len(STRIKE) + 1]
    with StoryStore(tmp_path / "s.db") as store:  # one batch a day, as a feed would bring them
        story = None
        for n, (date, text) in enumerate(STRIKE):
            added = store.add(articles([text], prefix=f"d{n}-", published=[date]))
            story = story or added.story_of[f"d{n}-0"]
            assert added.story_of[f"d{n}-0"] == story
        size, first, last = store.story_info(story)
        assert size == len(STRIKE) and last - first == 21.0


def test_a_batch_is_answered_from_the_index_without_reading_stored_texts(tmp_path, monkeypatch):
    with StoryStore(tmp_path / "s.db") as store:
        store.add(articles(QUAKE[:2] + TRANSFER + PHONE, prefix="a"))
        phone_rows = {r for (r,) in store.conn.execute("SELECT rowid FROM articles WHERE id IN ('a5', 'a6', 'a7')")}
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        loaded: list[int] = []
        real_load = terms.load

        def recording_load(conn, rowids):
            loaded.extend(rowids)
            return real_load(conn, rowids)

        monkeypatch.setattr(terms, "load", recording_load)
        added = store.add(articles([QUAKE[2]], prefix="b"))
        store.conn.set_trace_callback(None)
        assert added.story_of["b0"] == store.story_of_texts([QUAKE[0]])[0]
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert reads and not [s for s in reads if re.search(r"\b(text|vector_text)\b", s.split("FROM")[0])]
        assert loaded and not phone_rows & set(loaded)  # the unrelated phone story's rows were never read
        assert added.candidates < 8
