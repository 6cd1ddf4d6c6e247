"""The real sumy summarizers, offline, on the harness's shared sentences.

sumy's own Tokenizer needs NLTK's punkt data (a download); instead we give it
:class:`OfflineTokenizer`, a sumy-compatible tokenizer (``to_sentences`` on
syntok, ``to_words`` on sumy's own word pattern), and build sumy's document model directly from
the harness's sentences (one sumy paragraph per document), so every system
chooses among exactly the same sentences.  Stemmer and stop words are sumy's
own English ones (shipped with sumy).

Budget: sumy's summarizers accept a callable as ``sentences_count``; it
receives the sentences sorted best-first, and ours keeps the shortest prefix
whose words reach the budget — the smallest sentence count that reaches it —
so one call gives the selection (sumy then returns it in document order).
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Callable

from ..text import SUMY_WORD, count_words, prefix_reaching
from .story import Story

# name -> (label, "module:Class")
SUMY_SYSTEMS: dict[str, tuple[str, str]] = {
    "lexrank": ("LexRank", "sumy.summarizers.lex_rank:LexRankSummarizer"),
    "textrank": ("TextRank", "sumy.summarizers.text_rank:TextRankSummarizer"),
    "lsa": ("LSA", "sumy.summarizers.lsa:LsaSummarizer"),
    "luhn": ("Luhn", "sumy.summarizers.luhn:LuhnSummarizer"),
    "klsum": ("KL-Sum", "sumy.summarizers.kl:KLSummarizer"),
    "sumbasic": ("SumBasic", "sumy.summarizers.sum_basic:SumBasicSummarizer"),
}

LANGUAGE = "english"




class OfflineTokenizer:
    """sumy-compatible tokenizer that needs no downloaded model data.

    Sentences: syntok (the harness's splitter); words: the maximal runs that
    match sumy's own word pattern (what sumy keeps of NLTK's word tokens)."""

    language = LANGUAGE

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from .rouge import split_sentences

        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(SUMY_WORD.findall(sentence))


def _ordered_lsa_class():
    """sumy's LsaSummarizer with its word -> row dictionary built in sorted order.

    sumy enumerates a frozenset, so the row order of the term matrix follows
    Python's per-process string hashing, and the SVD's rounding (hence near-tied
    sentence ranks) changed from run to run.  LSA does not depend on row order,
    so sorting changes nothing but makes runs reproducible."""
    from sumy.summarizers.lsa import LsaSummarizer

    class OrderedLsaSummarizer(LsaSummarizer):
        def _create_dictionary(self, document):
            words = map(self.normalize_word, document.words)
            unique = sorted({self.stem_word(w) for w in words if w not in self._stop_words})
            return {w: i for i, w in enumerate(unique)}

    return OrderedLsaSummarizer


@lru_cache(maxsize=None)
def _summarizer(name: str):
    """A configured sumy summarizer (built once per process)."""
    import importlib

    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    module, cls = SUMY_SYSTEMS[name][1].split(":")
    klass = _ordered_lsa_class() if name == "lsa" else getattr(importlib.import_module(module), cls)
    # sumy's Snowball stemmer, memoised per word (same stems, much less time)
    summarizer = klass(lru_cache(maxsize=None)(Stemmer(LANGUAGE)))
    summarizer.stop_words = get_stop_words(LANGUAGE)
    return summarizer


def _document(story: Story, tokenizer: OfflineTokenizer):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    return ObjectDocumentModel(
        [Paragraph([Sentence(s, tokenizer) for s in doc]) for doc in story.sentences if doc]
    )


def _reaching(words: int):
    """sumy ``sentences_count``: shortest best-first prefix with at least ``words`` words."""

    def count(infos):
        return infos[: prefix_reaching((count_words(str(info.sentence)) for info in infos), words)]

    return count


def sumy_system(name: str) -> Callable[[Story, int, int], list[str]]:
    """The harness system for sumy summarizer ``name``."""
    if name not in SUMY_SYSTEMS:
        raise KeyError(name)

    def run(story: Story, words: int, seed: int) -> list[str]:
        document = _document(story, OfflineTokenizer())
        if not document.sentences:
            return []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. LSA's "fewer words than sentences"
            chosen = _summarizer(name)(document, _reaching(words))
        return [str(s) for s in chosen]

    run.__name__ = f"sumy_{name}"
    run.__doc__ = f"sumy {SUMY_SYSTEMS[name][0]} (smallest sentence count reaching the budget)"
    return run
