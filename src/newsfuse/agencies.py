"""News agencies and broadcasters that open a report in a bracketed dateline.

"WASHINGTON (Reuters) -", "(CNN) —", "Beijing (Xinhua) —". The clean stage
(``clean.structure.split_dateline``) moves such a dateline out of the text;
the segment stage (``segment.strip_dateline``) cuts it off a sentence in text
that was not cleaned. Both read this one list, so they agree on what an agency is.
"""
from __future__ import annotations

import re

# Lower case; a space stands for one space (Multi-News writes "( cnn )", "( cbs dc )").
AGENCIES: tuple[str, ...] = (
    "reuters", "ap", "the associated press", "associated press", "ap photo", "afp", "upi", "cnn",
    "bloomberg", "xinhua", "dpa", "ansa", "efe", "tass", "ani", "pti", "ians",
    "bbc", "nbc", "nbc news", "abc", "abc news", "cbs", "cbs news", "fox news", "cnbc", "ctv", "cbc",
    "the conversation",
)

# Regex alternation of the names (no group, no flags): longest first, so a
# name is never cut short by a shorter one it starts with.
ALTERNATION = "|".join(re.escape(name) for name in sorted(AGENCIES, key=lambda n: (-len(n), n)))
