"""Stop words and stemming: which words carry no evidence, and how word forms are merged."""
from __future__ import annotations

from functools import lru_cache

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .tokens import folded_words

# The stop words of weighting and ranking: scikit-learn's English list (318
# words). Every TF-IDF, concept and ranking feature leaves these out; the
# learned ranker's model was trained with them.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)

# Story clustering also ignores the words of reporting itself, common to every story.
CLUSTER_STOP_WORDS = STOP_WORDS | {"said", "says", "mr", "ms", "just", "like", "new"}

# Titles and honorifics written before a name ("Sen. Maria Hun", "President Ruto", "Dr. Okafor"):
# part of no name, so two reports naming different people with one title share nothing through it.
# The abbreviations count as titles only when a period follows them ("Hun Sen" is a name).
PERSON_TITLES = frozenset(
    """president vice prime minister secretary senator governor mayor chancellor premier king queen
    prince princess sheikh emir ayatollah pope cardinal bishop archbishop reverend rev judge
    chief colonel captain lieutenant sergeant admiral commander marshal corporal
    ambassador spokesman spokeswoman director chairman chairwoman ceo professor doctor
    representative congressman congresswoman councillor councilman councilwoman deputy
    detective inspector superintendent sir lord lady dame mister mrs mr ms miss madam"""
    .split()
)
TITLE_ABBREVIATIONS = frozenset("sen rep gov gen col maj capt lt sgt adm cmdr dr mr mrs ms prof rev pres supt insp".split())

# Dedup's function words: what two sentences on one topic share freely, so no
# evidence that they say the same thing. Closed-class words only: scikit-learn's
# list also holds news content words ("fire", "bill", "system", "found", "call"),
# which ARE evidence that two sentences report the same thing.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t d ll m re ve said says say""".split()
)

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of a lower-cased word: PyStemmer, a C library,
    some ten times faster than NLTK's Porter; words of 3 letters or fewer are
    kept as they are (cached). (ROUGE scoring keeps rouge-score's own Porter
    stemmer: the figures must be comparable with published ones.)"""
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def content_words(text: str) -> frozenset[str]:
    """The :func:`folded_words` of ``text`` that are not :data:`FUNCTION_WORDS`."""
    return frozenset(w for w in folded_words(text) if w not in FUNCTION_WORDS)
