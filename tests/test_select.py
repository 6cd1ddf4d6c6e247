"""select(): budget, redundancy (support groups, trigram blocking), order."""
from __future__ import annotations

import pytest

from newsfuse.rank import RankInput
from newsfuse.segment import Sentence
from newsfuse.select import DEFAULT_WORDS, select, support_groups
from newsfuse.text import count_words as word_count


def story_of(texts_per_doc: list[list[str]], support=None) -> RankInput:
    sentences = []
    for d, texts in enumerate(texts_per_doc):
        offset = 0
        for i, text in enumerate(texts):
            sentences.append(
                Sentence(
                    id=f"a{d}:{i}",
                    article_id=f"a{d}",
                    doc_index=d,
                    index=i,
                    paragraph=i,
                    text=text,
                    start=offset,
                    end=offset + len(text),
                )
            )
            offset += len(text) + 1
    return RankInput(sentences=sentences, support=support or {})


DOCS = [
    [
        "Syrian government forces reached the besieged city on Tuesday.",  # 8 words
        "The siege had lasted nearly three years, officials said.",  # 9
        "Residents celebrated in the streets as convoys arrived.",  # 8
    ],
    [
        "Kurdish-led fighters advanced from the north along the river.",  # 9
        "Both sides are racing for the oil fields east of the city.",  # 12
        "A spokesman declined to comment on casualties.",  # 7
    ],
]


def test_respects_budget_and_skips_overflowing_sentence():
    story = story_of(DOCS)
    # best sentence (12 words) does not fit in 10: skipped, the next ones tried
    scores = [0.5, 0.4, 0.1, 0.3, 0.9, 0.2]
    chosen = select(story, scores, words=10, redundancy=0.0)
    assert sum(word_count(s.text) for s in chosen) <= 10
    assert [s.id for s in chosen] == ["a0:0"]
    chosen = select(story, scores, words=25, redundancy=0.0)
    assert sum(word_count(s.text) for s in chosen) <= 25
    assert {s.id for s in chosen} == {"a1:1", "a0:0"}


def test_sentences_are_verbatim_and_in_document_order():
    story = story_of(DOCS)
    scores = [0.1, 0.2, 0.3, 0.9, 0.8, 0.7]
    chosen = select(story, scores, words=1000)
    keys = [(s.doc_index, s.index) for s in chosen]
    assert keys == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]  # document order, not score order
    # verbatim: each chosen sentence is, character for character, the text written at its place in DOCS
    assert [s.text for s in chosen] == [DOCS[d][i] for d, i in keys]


def test_never_two_sentences_of_one_support_group():
    # a0:0 ~ a1:0 ~ (transitively) a0:2
    support = {"a0:0": ("a1:0",), "a1:0": ("a0:0", "a0:2"), "a0:2": ("a1:0",)}
    story = story_of(DOCS, support)
    groups = support_groups(story)
    assert groups["a0:0"] == groups["a1:0"] == groups["a0:2"]
    assert groups["a0:1"] != groups["a0:0"]
    scores = [0.9, 0.1, 0.8, 0.85, 0.2, 0.3]
    chosen = {s.id for s in select(story, scores, words=1000)}
    assert len(chosen & {"a0:0", "a1:0", "a0:2"}) == 1
    assert "a0:0" in chosen


def test_trigram_blocking_drops_near_repeat():
    docs = [
        ["Government forces reached the besieged city of Deir ez-Zor on Tuesday."],
        ["On Tuesday government forces reached the besieged city, state media said."],
    ]
    story = story_of(docs)
    chosen = select(story, [0.9, 0.8], words=1000, trigram_blocking=True)
    assert [s.id for s in chosen] == ["a0:0"]
    chosen = select(story, [0.9, 0.8], words=1000, trigram_blocking=False)
    assert len(chosen) == 2


def test_redundancy_penalty_prefers_a_new_fact():
    docs = [
        [
            "Government forces reached the besieged city of Deir ez-Zor on Tuesday.",
            "Oil prices rose sharply in Asian trading after the announcement.",
            "Read more.",
        ],
        ["Government forces reached the besieged city of Deir ez-Zor, state media said."],
    ]
    story = story_of(docs)
    scores = [1.0, 0.5, 0.0, 0.9]  # the near-repeat scores higher than the new fact
    # room for two sentences only (11 + 12 words, or 11 + 10)
    no_penalty = select(story, scores, words=24, redundancy=0.0)
    assert {s.id for s in no_penalty} == {"a0:0", "a1:0"}
    with_penalty = select(story, scores, words=24, redundancy=1.0)
    assert {s.id for s in with_penalty} == {"a0:0", "a0:1"}


def test_non_finite_scores_are_never_selected():
    story = story_of(DOCS)
    scores = [0.5, float("-inf"), float("nan"), 0.3, 0.9, 0.2]
    chosen = {s.id for s in select(story, scores, words=1000)}
    assert chosen == {"a0:0", "a1:0", "a1:1", "a1:2"}


def test_short_fragments_never_selected():
    story = story_of([["Read more.", "The convoy reached the city gates at dawn."]])
    assert [s.id for s in select(story, [1.0, 0.1], words=100)] == ["a0:1"]


def test_auto_budget_and_bad_arguments():
    # six words each, no trigram shared between sentences
    story = story_of([[f"Fact a{i} b{i} c{i} d{i} e{i}." for i in range(100)]])
    chosen = select(story, [1.0] * 100, words=None)
    total = sum(word_count(s.text) for s in chosen)
    assert DEFAULT_WORDS - 6 < total <= DEFAULT_WORDS
    with pytest.raises(ValueError):
        select(story, [1.0] * 99, words=100)
    with pytest.raises(ValueError):
        select(story, [1.0] * 100, words=0)


def test_empty_story():
    assert select(RankInput(sentences=[]), [], words=100) == []


def test_quote_pieces_and_questions_never_selected():
    docs = [[
        "“We see the link clearly now.",  # opens a quote it does not close
        "Accepting those zones meant the regime could move resources,” he said.",
        "But can they get there in a way that is sustainable?",
        "The army retook the city of Deir al-Zour on Friday, officials said.",
        '"The deal held," said a commander with the rebel group on Sunday.',
    ]]
    chosen = [s.text for s in select(story_of(docs), [0.9, 0.8, 0.95, 0.5, 0.4], words=1000)]
    assert chosen == [docs[0][3], docs[0][4]]


def test_order_follows_the_earliest_report_telling_a_fact():
    # Report 1's second sentence (chosen) says what report 0 says first, so it
    # leads the brief, before report 0's second sentence; plain document order
    # would put it last.
    docs = [
        ["Forces loyal to the government took the northern town of Raqqa today.",
         "Officials said the talks would resume next week in Geneva."],
        ["Aid groups warned of shortages of food and medicine in the area.",
         "Government forces took the northern town of Raqqa today, officials said."],
    ]
    story = story_of(docs, support={"a0:0": ("a1:1",), "a1:1": ("a0:0",)})
    chosen = select(story, [0.1, 0.6, 0.0, 0.9], words=1000)
    assert [s.id for s in chosen] == ["a1:1", "a0:1", "a1:0"]


def test_a_selector_registered_by_name_is_used_with_its_own_keywords(monkeypatch):
    import newsfuse.select as select_stage

    story = story_of(DOCS)
    seen = {}

    def last_two(story, scores, budget, groups, *, reverse=True):
        seen["reverse"] = reverse
        return list(story.sentences)[-2:][::-1] if reverse else list(story.sentences)[-2:]

    monkeypatch.setitem(select_stage.SELECTORS, "last-two", last_two)
    chosen = select(story, [0.1] * len(story.sentences), words=100, method="last-two", reverse=True, redundancy=0.5)
    assert [s.id for s in chosen] == [s.id for s in list(story.sentences)[-2:][::-1]]  # as the selector orders them
    assert seen == {"reverse": True}  # its own keyword passed, greedy's redundancy not
    with pytest.raises(ValueError, match="last-two"):
        select(story, [0.1] * len(story.sentences), words=100, method="nope")
    with pytest.raises(TypeError, match="redundency"):
        select(story, [0.1] * len(story.sentences), words=100, redundency=0.5)
