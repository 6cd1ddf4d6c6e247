"""Text basics every stage shares: one home for each (issue 16).

* :mod:`.tokens` - word patterns, word counts and budgets;
* :mod:`.lexicon` - stop words and stemming;
* :mod:`.weighting` - the one TF-IDF weighting (and why that formula), bounded-memory cosines;
* :mod:`.dates` - month and weekday names, ISO 8601 parsing, days since the epoch;
* :mod:`.reading` - sentence-opening words and whether a sentence reads on its own.

Import from here (``from newsfuse.text import terms, STOP_WORDS``); no other
module defines a word pattern, a stop-word list, a TF-IDF, a month pattern, a
date parser or a word-budget rule. (Rules that belong to one stage stay there
and build on these: the timeline's date expressions, the support guard's date
forms, the words that cannot follow a figure's number.) This package imports nothing else of newsfuse, and loads each
part on first use (the stop words need scikit-learn, TF-IDF needs SciPy: a
command that only counts words starts without them).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_PARTS = {
    "dates": "MONTH MONTH_ABBREVIATIONS MONTH_IN_TEXT MONTH_NAMES MONTHS WEEKDAY WEEKDAYS "
             "day_of days_of iso_day iso_time parse_datetime parse_day",
    "reading": "CONNECTIVES MIN_WORDS PRONOUNS SUBJECT_PRONOUNS context_need pronoun_after_opening "
               "quotes_balanced stands_alone unresolved_reference",
    "weighting": "BLOCK_CELLS cosine_lookup l2_rows rows_per_block smooth_idf sublinear_tf tfidf tfidf_rows",
    "lexicon": "CLUSTER_STOP_WORDS FUNCTION_WORDS PERSON_TITLES STOP_WORDS TITLE_ABBREVIATIONS content_words stem",
    "tokens": "ALNUM ASCII_WORD CLUSTER_TERM FIRST_WORD LETTER_TOKEN LETTERS RAW_WORD SHAPE_WORD SUMY_WORD TERM TOKEN_2PLUS WORD "
              "check_budget clauses count_words cut_to_budget folded_words line_words normalized prefix_reaching terms words",
}
_WHERE = {name: part for part, names in _PARTS.items() for name in names.split()}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    part = _WHERE.get(name)
    if part is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{part}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what type checkers and editors see
    from .dates import (  # noqa: F401
        MONTH, MONTH_ABBREVIATIONS, MONTH_IN_TEXT, MONTH_NAMES, MONTHS, WEEKDAY, WEEKDAYS,
        day_of, days_of, iso_day, iso_time, parse_datetime, parse_day,
    )
    from .lexicon import CLUSTER_STOP_WORDS, FUNCTION_WORDS, STOP_WORDS, content_words, stem  # noqa: F401
    from .reading import (  # noqa: F401
        CONNECTIVES, MIN_WORDS, PRONOUNS, SUBJECT_PRONOUNS, context_need, pronoun_after_opening, quotes_balanced,
        stands_alone,
    )
    from .weighting import (  # noqa: F401
        BLOCK_CELLS, cosine_lookup, l2_rows, rows_per_block, smooth_idf, sublinear_tf, tfidf, tfidf_rows,
    )
    from .tokens import (  # noqa: F401
        ALNUM, ASCII_WORD, CLUSTER_TERM, FIRST_WORD, LETTER_TOKEN, LETTERS, RAW_WORD, SHAPE_WORD, SUMY_WORD, TERM, TOKEN_2PLUS, WORD,
        check_budget, clauses, count_words, cut_to_budget, folded_words, line_words, normalized, prefix_reaching, terms, words,
    )
