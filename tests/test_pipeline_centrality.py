"""The unsupervised centrality ranker and get_ranker."""
from __future__ import annotations

import pytest

from newsfuse.rank import DEFAULT_RANKER, RankInput, get_ranker
from newsfuse.rank.centrality import shape_factor
from newsfuse.segment import Sentence


def _story(docs: list[list[str]]) -> list[Sentence]:
    out = []
    for d, texts in enumerate(docs):
        pos = 0
        for i, t in enumerate(texts):
            out.append(Sentence(f"a{d}:{i}", f"a{d}", d, i, 0, t, pos, pos + len(t)))
            pos += len(t) + 1
    return out


DOCS = [
    [
        "The army captured the city of Deir al-Zour from Islamic State fighters on Friday.",
        "The weather in the capital was mild and sunny for most of the afternoon.",
        "Islamic State fighters fled toward the border town of Albu Kamal.",
    ],
    [
        "Syrian troops seized Deir al-Zour city from Islamic State on Friday, officials said.",
        "Islamic State fighters retreated toward Albu Kamal near the Iraqi border.",
        "A local football club announced a new coach for the coming season.",
    ],
]


def test_get_ranker_names_and_default():
    assert get_ranker("centrality").name == "centrality"
    assert get_ranker("centrality") is get_ranker("centrality")
    assert DEFAULT_RANKER == "learned"
    with pytest.raises(ValueError, match="unknown ranker"):
        get_ranker("bogus")


def test_central_sentences_outscore_off_topic_ones():
    sentences = _story(DOCS)
    scores = get_ranker("centrality").score(RankInput(sentences))
    assert len(scores) == len(sentences)
    by_id = dict(zip((s.id for s in sentences), scores))
    assert by_id["a0:0"] > by_id["a0:1"]
    assert by_id["a1:1"] > by_id["a1:2"]


def test_independent_support_boosts_score_but_copies_do_not():
    sentences = _story(DOCS)
    ranker = get_ranker("centrality")
    plain = ranker.score(RankInput(sentences))
    supported = ranker.score(RankInput(sentences, support={"a0:2": ("a1:1",)}))
    same_family = ranker.score(
        RankInput(sentences, support={"a0:2": ("a1:1",)}, family={"a0": "a0", "a1": "a0"})
    )
    assert supported[2] > plain[2]
    assert same_family[2] <= supported[2]


def test_empty_and_stopword_only_stories():
    ranker = get_ranker("centrality")
    assert ranker.score(RankInput([])) == []
    scores = ranker.score(RankInput(_story([["It is what it is.", "And so it was."]])))
    assert len(scores) == 2 and all(s >= 0 for s in scores)


def test_shape_factor_penalises_fragments_and_headlines():
    assert shape_factor("The army captured the city of Deir al-Zour on Friday.") == 1.0
    assert shape_factor("As ISIS retreats in Syria, U.S. and Iran scramble for control") < 1.0
    assert shape_factor("Photo credit.") < 0.5
    assert shape_factor("), house leader nancy pelosi turned on him the day after it was revealed.") < 0.5


def test_lower_case_fragment_demoted_only_in_cased_reports():
    cased = [
        "The army captured the city of Deir al-Zour on Friday, officials said.",
        "Fighters of Islamic State fled toward the border town of Albu Kamal.",
        "Officials said the army captured the city of Deir al-Zour after weeks.",
        "Residents said the fighting around Deir al-Zour lasted for weeks.",
        "apon Chowdhuri, the army captured the city of Deir al-Zour on Friday.",
    ]
    ranker = get_ranker("centrality")
    scores = ranker.score(RankInput(_story([cased])))
    assert scores[4] < 0.5 * scores[0]
    lowered = [t[0].lower() + t[1:] for t in cased]
    scores = ranker.score(RankInput(_story([lowered])))
    assert scores[4] > 0.5 * scores[0]  # Multi-News style lower-cased text: no penalty


def test_spun_rewrites_are_mildly_demoted():
    sentences = _story(DOCS)
    ranker = get_ranker("centrality")
    plain = ranker.score(RankInput(sentences))
    spun = ranker.score(RankInput(sentences, rewrites=frozenset({"a1"})))
    assert spun[:3] == plain[:3]
    assert all(0 < s < p for s, p in zip(spun[3:], plain[3:]))
