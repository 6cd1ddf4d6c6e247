"""Boilerplate patterns, each tied to a reason code and a paragraph-size limit.

A paragraph rule only fires on a paragraph of at most ``max_words`` words:
boilerplate is short, story paragraphs are long, so a pattern that happens to
occur inside real reporting cannot remove it. Long paragraphs (e.g. Multi-News
documents, which are single lines) only lose *sentences* or *fragments* that
are unmistakably web furniture (see SENTENCE_RULES and FRAGMENT_RULES).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import line_words

_I = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern
    max_words: int
    note: str
    hints: tuple[str, ...] = ()  # lower-case substrings, one of which any match contains (cheap pre-test)

    @property
    def sure_alone(self) -> bool:
        """Safe to apply to an article that is a single paragraph (which it would delete whole)."""
        return self.reason not in _NEEDS_CONTEXT


# Reasons whose patterns can also describe story text (a caption states facts, a
# credit line may open a report): never applied to a one-paragraph article.
_NEEDS_CONTEXT = frozenset({"caption", "credit", "contributors", "byline", "author-box", "related", "read-more"})


def _rule(reason: str, max_words: int, note: str, *patterns: str, flags: int = _I) -> Rule:
    return Rule(reason, re.compile("|".join(f"(?:{p})" for p in patterns), flags), max_words, note, _HINTS.get(reason, ()))


# Pre-tests for the paragraph rules that scan whole paragraphs: a rule's regex only
# runs when the lower-cased paragraph contains one of these (every pattern of the
# rule needs at least one of them). Short, start-anchored rules have none.
_HINTS: dict[str, tuple[str, ...]] = {
    "paywall": ("limit", "subscri", "member", "reading", "unlimited", "premium", "ad-free", "access", "log", "sign", "$", "€", "£"),
    "subscribe": ("subscri", "support", "free", "join", "member", "patron"),
    "newsletter": ("sign up", "subscri", "register", "newsletter", "mail", "alert", "inbox", "deliver", "get", "receive"),
    "comments": ("comment", "discussion", "conversation", "spam", "abus", "offensive", "repl"),
    "related": ("related", "recommended", "trending", "popular", "most", "top", "more", "also", "you m"),
    "read-more": ("read", "see", "view", "get", "originally", "first", "full story", "continue"),
    "caption": (")", "caption", "enlarge", " of ", "/"),
    "credit": ("image", "photo", "picture", "illustration", "graphic", "getty", "shutterstock"),
    "timestamp": ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
    "author-box": ("view all", "about", "follow", "posted", "written", "published"),
    "contributors": ("contributed", "reporting", "writing", "editing", "compiled", "edited"),
    "copyright": ("©", "(c)", "copyright", "rights reserved", "broadcast"),
    "web-notice": ("javascript", "browser", "cookie", "playback"),
}


# An outlet name: capitalised words (case-sensitive even inside IGNORECASE rules), no commas.
_OUTLET = r"(?P<outlet>(?-i:[A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9&][\w&'’.-]*|of|the|and|de|la|del|di|on|for)){0,7}))"

PARAGRAPH_RULES: tuple[Rule, ...] = (
    _rule(
        "paywall", 70, "paywall or metering message",
        r"\breached (?:your|the) (?:\w+ ){0,3}(?:article|story|page|view)s? limit",
        r"\bfree (?:articles?|stor(?:y|ies)) (?:limit|remaining|left)\b|\b(?:articles?|stor(?:y|ies)) limit\b",
        r"\balready (?:an? )?(?:subscriber|member)\s*[?!]|\balready (?:an? )?(?:subscriber|member)\b.{0,20}\b(?:log ?in|sign ?in)\b",
        r"\bsubscribe\b.{0,80}\bto (?:continue|keep) reading\b|\bto (?:continue|keep) reading,? (?:please )?(?:subscribe|log ?in|sign ?in|register)",
        r"\b(?:get|enjoy|unlock) (?:unlimited|full|premium|ad-free)\b|\b(?:unlimited|premium|ad-free) (?:digital |online )?access\b",
        r"^(?=.*\b(?:subscri|access|trial|offer|cancel)).*[$€£]\s?\d+(?:[.,]\d\d)?\s*(?:/|per |a )\s*(?:week|wk|month|mo|year|yr)\b",
        r"\b(?:you must|please) (?:log ?in|sign ?in|be logged in|become a (?:subscriber|member)|subscribe)\b",
        r"\b(?:subscriber|member)s?[- ]only\b|\bexclusive(?:ly)? (?:for|to) (?:subscribers|members)\b",
    ),
    _rule(
        "subscribe", 45, "subscription pitch",
        r"^(?:subscribe|become a (?:subscriber|member|patron))\b",
        r"\bsubscribe (?:now|today|here)\b|\bsupport (?:our|independent) (?:\w+ ){0,3}(?:journalism|reporting|writers?|staff)\b",
        r"\b(?:try|get|enjoy) \d+ (?:days?|weeks?|months?) (?:for )?free\b",
        r"^(?:start|try|get|begin|claim) (?:your |a |our )?(?:\d+[- ]day )?free trial\b",
        r"^join \S+(?: \S+){0,3} (?:for|to get) (?:\w+ ){0,3}(?:access|analysis|news|coverage)\b",
    ),
    _rule(
        "newsletter", 40, "newsletter or alert sign-up prompt",
        r"^(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletters?|e-?mails?|alerts|inbox|digest)\b",
        r"\bsign up (?:for|to) (?:our|the|a) (?:\w+ ){0,3}(?:newsletters?|e-?mails?|alerts|digest)\b",
        r"^(?:newsletters?|e-?mail alerts?)\b.{0,40}\b(?:sign up|subscribe)\b",
        r"\bdelivered (?:straight )?(?:to your inbox|(?:every |each )?(?:weekday|daily|morning|evening)s?\b)",
        r"^(?:get|receive) (?:the |our )?(?:latest|breaking|top)\b.{0,60}\b(?:e-?mails?|alerts|inbox)\b",
    ),
    _rule(
        "comments", 35, "comment section or commenting prompt",
        r"^(?:\d+ )?comments?(?: \(\d+\))?\s*[:.]?$|^\d+ (?:comments?|repl(?:y|ies))\b",
        r"^(?:please )?(?:post|leave|add|write|view|read|show|load|submit|see|join) (?:a |an |your |the |all |our |\d+ )?(?:new )?(?:comments?|discussion|conversation)\b",
        r"\byou (?:must|need to|can|may|will)\b.{0,60}\bcomments?\b",
        r"\bcomments? (?:are|is|have been) (?:closed|moderated|disabled|turned off)\b",
        r"\bthank you for (?:reading and )?commenting\b|\bcommenting (?:policy|guidelines|rules|is (?:closed|disabled))\b",
        r"\b(?:spam|abusive|offensive)\b.{0,60}\b(?:will not|won't|not) be (?:published|posted|tolerated)\b",
    ),
    _rule(
        "related", 25, "related-content links",
        r"^(?:related|recommended|trending|popular|most read|most popular|top stories|more)(?: (?:posts?|articles?|stories|coverage|content|news|reading|links?|videos?|topics?))?\s*:?$",
        r"^more (?:from|on|about|in|stories from|news from|articles from)\s+[^.!?]*$",
        r"^(?:see|read) also\b|^you (?:may|might) (?:also )?(?:like|enjoy|be interested)\b",
        r"^(?:related|recommended|also read|also see|more)\s*:\s*\S",
    ),
    _rule(
        "read-more", 30, "read-more link or attribution",
        r"^(?:read|see|view|continue reading|get)(?: the)? (?:whole|full|entire|rest of the|complete|original|more of the)? ?(?:story|article|report|piece)(?: (?:at|on|from|in|via|over at))?\s+" + _OUTLET + r"\s*[.!]?$",
        r"^(?:this (?:story|article|report|post) )?(?:was )?(?:originally|first) (?:appeared|published|ran|posted)(?: (?:in|on|at|by))?\s+" + _OUTLET.replace("outlet", "outlet2") + r"\s*\.?$",
        r"^(?:read more|continue reading|full story)\s*(?:[:.]|»|>|$)",
    ),
    _rule(
        "caption", 80, "photo caption (ends with a photo credit)",
        r"\(\s*[A-Z][^()/\n]{0,60}(?:/[^()/\n]{1,60})+\s*\)\s*$",
        r"\((?:photo|image|picture|credit|file photo|video)s?\b[^()\n]{0,80}\)\s*$",
        r"\([^()\n]{0,60}\b(?:getty images|ap photo|afp|reuters|epa|shutterstock)\b[^()\n]{0,30}\)\s*$",
        r"^(?:image|media|photo|video) caption\b",
        r"^(?:image|photo|picture|slide)s? \d+ (?:of|/) \d+\b|^(?:click to |tap to )?enlarge(?: this)? (?:image|photo)\b|^toggle caption\b",
    ),
    _rule(
        "credit", 20, "photo or image credit",
        r"^(?:featured |top |header |lead |main |cover )?(?:image|photo|picture|photograph|illustration|graphic)s? ?(?:courtesy(?: of)?|credits?(?: to)?)\b",
        r"^(?:featured |top |header |lead |main |cover )?(?:image|photo|picture|photograph|illustration|graphic)s? (?:by|via|source)\b[^.!?]*$",
        r"^(?:featured |top |header |lead |main )?(?:image|photo|picture|photograph|illustration|graphic)s?\s*(?:credit)?\s*:\s*\S",
        r"^\(?(?:getty images|ap photo|afp photo|reuters photo|shutterstock|image copyright)\b",
    ),
    _rule(
        "author-box", 30, "author box",
        r"\bview all (?:posts|articles|stories)\b|^about (?:the )?(?:authors?|writers?|reporters?|contributors?)\b",
        r"\bfollow (?:him|her|them|me) on (?:twitter|x|facebook|instagram|threads|bluesky)\b",
        r"^(?:posted|written|published) by\s+\S+(?: \S+){0,4}$",
    ),
    _rule(
        "contributors", 60, "contributor line",
        r"\bcontributed (?:reporting|to (?:this|the) (?:report|article|story))\b",
        r"^(?:additional )?reporting by\b|^(?:writing|editing) by\b|^(?:compiled|edited) by\b",
    ),
    _rule(
        "share", 12, "share prompt",
        r"^(?:share|tweet|e-?mail|print|pin|save|copy link|facebook|twitter|linkedin|whatsapp|reddit)(?:[\s|,/•·]+(?:this|on|via|to|article|story|page|facebook|twitter|linkedin|whatsapp|e-?mail|reddit|print|pinterest|link|copy|messenger))*\s*:?$",
        r"^share (?:this|on|via)\b|^(?:follow|like) us on\b|\bshare (?:this|the) (?:article|story|post)\b",
    ),
    _rule(
        "promo", 15, "call to action (app, video, podcast, audio)",
        r"^(?:listen|watch|download|get|install|hear|see)\b.{0,60}\b(?:our|the) (?:\w+ )?(?:app|podcast|video|interview|episode|live ?stream)s?\b[^.!?]*[.!]?$",
        r"^(?:download|get|install) (?:the|our) (?:\w+ ){0,2}app\b",
    ),
    _rule(
        "timestamp", 15, "publication or update time",
        r"^(?:published|updated|posted|last updated|first published|last modified)\b:?(?:\s*(?:on|at|\d{1,4}(?:[:./-]\d{1,4})*|"
        r"[ap]\.?m\.?|utc|gmt|[a-z]?[ecmp][sd]?t|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
        r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)[,.]?)+\s*$",
        r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
        r"(?:,? (?:at )?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?: [a-z]{2,4})?)?$",
        r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?: [a-z]{2,4})?,? (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?\w+\.? \d{1,2},? \d{4}$",
    ),
    _rule(
        "ad", 8, "advertising label",
        r"^(?:advertisement|advertising|sponsored(?: content| by\b.*)?|ad|paid (?:content|post)|story continues below(?: advertisement)?|continue reading (?:the main story|below))\s*\.?$",
    ),
    _rule(
        "copyright", 40, "copyright notice",
        r"^(?:©|\(c\))|^copyright\s*(?:©|\(c\))?\s*\d{4}\b|\ball rights reserved\b",
        r"\bmay not be (?:published|reproduced|republished),? broadcast,? rewritten\b",
    ),
    _rule(
        "byline", 12, "byline",
        r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:(?:,|\s+and)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*(?:\s*[,|]\s*[^.!?]{0,40})?$",
        flags=0,
    ),
    _rule(
        "web-notice", 25, "browser, cookie or media-player notice",
        r"\b(?:enable|disabled?|turn on) javascript\b|\bjavascript is (?:disabled|required|turned off)\b",
        r"\byour browser (?:does not|doesn't|is not|isn't) support|\bupdate your browser\b",
        r"\b(?:we|this site) uses? cookies\b|\bmedia playback is unsupported\b",
    ),
)

# Sentences removed from paragraphs of any length: unmistakable web furniture.
# Each keyword match is expanded to the sentence around it when that sentence
# has fewer than SENTENCE_MAX_WORDS words; otherwise only the match is cut.
SENTENCE_MAX_WORDS = 40
SENTENCE_RULES: tuple[Rule, ...] = (
    _rule(
        "web-notice", 10_000, "web archive, browser or media-player notice",
        r"\bthese crawls are part of an effort\b|\bwayback machine\b|\balexa internet has been donating\b",
        r"\b(?:focused|wide) crawls? (?:are|is|of)\b|\bthe seed (?:for|list)\b.{0,40}\bcrawl\b|\bno more 404\b",
        r"\btweet with a location\b|\blocation information to your tweets\b|\byour tweet location history\b",
        r"\bjavascript is (?:disabled|required|turned off)\b|\b(?:please )?enable javascript\b",
        r"\bmedia playback is unsupported\b|\binteractive transcript could not be loaded\b|\brating is available when the video has been rented\b",
        r"\bthis video is (?:unavailable|no longer available)\b|\byour browser does not support\b",
    ),
    _rule(
        "newsletter", 10_000, "newsletter or alert sign-up prompt",
        r"\bget breaking news alerts\b|\bbreaking news e-?mails\b|\bsign up for (?:our|the) (?:\w+ ){0,3}newsletters?\b",
        r"\bthanks? (?:you )?for (?:signing up|subscribing)\b|\bnews and stories that matter, delivered\b",
        r"\byou must select a newsletter\b|\bview all (?:[\w.’']+ ){0,5}newsletters\b|\bsubscribe to (?:our|the) (?:free )?newsletters?\b",
        r"\bwhy don ?[’']? ?t you sign up\b|\bsign up,? be the first to know\b|\bsign up to follow\b|\bsubscribe now to\b",
        r"\bby (?:signing|clicking) up,? you agree\b|\bsign up,? you agree to receive\b|\bnewsletter sign ?up\b",
        r"(?:(?<=^)|(?<=[.!?\"”] ))sign up (?:for|to|now|today|here|never)\b",
    ),
    _rule(
        "paywall", 10_000, "digital-access or subscription offer",
        r"\bsign up for (?:unlimited )?digital access\b|\bre-enter zip code\b|\bfree trial of unlimited digital access\b",
    ),
    _rule(
        "web-notice", 10_000, "cookie notice",
        r"\b(?:please )?enable cookies\b|\bcookies (?:are|must be) (?:disabled|enabled|turned off)\b",
        r"\bwe use cookies\b|\bcookies? (?:policy|settings)\b|\bby clicking [\"“']?\s*i agree\b",
    ),
    _rule(
        "copyright", 10_000, "reprint or copyright notice",
        r"\bthis copy is for your personal,? non-?commercial use\b|\bto order presentation-ready copies\b",
        r"\bmay not be (?:published|reproduced),? broadcast,? rewritten\b|\ball rights reserved\b",
    ),
    _rule(
        "comments", 10_000, "commenting notice",
        r"\bthis will appear next to all of your comments\b|\bemail notifications are only sent once a day\b",
    ),
    _rule(
        "paywall", 10_000, "login or paywall notice",
        r"\byou must log ?in to continue\b|\byou will be asked to log ?in\b|\breached your (?:\w+ ){0,2}(?:free )?article limit\b",
    ),
)
# Cheap substring test on the lower-cased text before any SENTENCE_RULES regex runs.
SENTENCE_ANCHORS = (
    "crawl", "wayback", "no more 404", "tweet", "javascript", "playback", "transcript", "rented", "this video",
    "browser", "breaking news", "newsletter", "signing up", "subscribing", "stories that matter", "non-commercial",
    "noncommercial", "presentation-ready", "rewritten", "rights reserved", "your comments", "notifications are",
    "log in", "login", "article limit", "sign up", "signing up", "clicking up", "subscribe now", "zip code",
    "digital access", "cookies", "i agree",
)

# Fragments cut out of running text (the rest of the sentence stays).
FRAGMENT_RULES: tuple[Rule, ...] = (
    _rule(
        "ad", 10_000, "advertising label inside the text",
        r"(?:(?<=^)|(?<=[.!?\"”] ))Advertisement(?:skip|:)?(?: continue reading the main story)?(?:\s+|$)",
        r"(?:(?<=^)|(?<=[.!?\"”] ))(?:advertisement )?continue reading the main story(?:\s+|$)",
    ),
    _rule(
        "caption", 10_000, "image credit label inside the text",
        r"(?:(?<=^)|(?<=[.!?\"”] ))image copyright (?:\S+ ){1,4}?image caption\s+",
    ),
    _rule(
        "read-more", 10_000, "click-here link inside the text",
        r"(?:(?<=^)|(?<=[.!?\"”] ))click here (?:to|for) [^.!?\n]{0,100}(?:[.!?]|$)\s*",
        r"\(\s*click here\s*\)\s*\.?\s*",
    ),
    _rule(
        "subscribe", 10_000, "subscribe button label glued to the text",
        r"(?:(?<=^)|(?<=[.!?\"”] ))subscribe(?: now)?\s+(?!(?:to|for|today|here|and|or)\b)",
    ),
)
FRAGMENT_ANCHORS = ("advertisement", "continue reading the main story", "image copyright", "click here", "subscribe")


def classify(paragraph: str, n_words: int | None = None, alone: bool = False) -> tuple[str, str, str | None] | None:
    """(reason, detail, outlet) when a short paragraph matches a boilerplate rule;
    ``outlet`` is the outlet a read-more line names ("Read the whole story from X"), else None.

    ``alone``: the paragraph is the whole article; only unambiguous rules apply."""
    n = len(line_words(paragraph)) if n_words is None else n_words
    low = paragraph.lower()
    for rule in PARAGRAPH_RULES:
        if n > rule.max_words or (alone and not rule.sure_alone):
            continue
        if rule.hints and not any(hint in low for hint in rule.hints):
            continue
        match = rule.pattern.search(paragraph)
        if match:
            outlet = match.groupdict().get("outlet") or match.groupdict().get("outlet2")
            if outlet:
                outlet = outlet.strip().rstrip(".")
                return rule.reason, f"{rule.note}; names the outlet: {outlet}", outlet
            return rule.reason, rule.note, None
    return None


_SENTENCE_BREAK = re.compile(r"[.!?](?=[\"'”’)\]]*\s)")


def junk_spans(text: str) -> list[tuple[int, int, str, str]]:
    """Spans (start, end, reason, detail) of junk sentences/fragments in running text."""
    spans: list[tuple[int, int, str, str]] = []
    low = text.lower()
    if any(anchor in low for anchor in SENTENCE_ANCHORS):
        for rule in SENTENCE_RULES:
            for match in rule.pattern.finditer(text):
                start, end = _sentence_around(text, match.start(), match.end())
                if text.count(" ", start, end) >= SENTENCE_MAX_WORDS:
                    # run-on text without punctuation: the "sentence" may hold story text too
                    start, end = match.start(), match.end()
                spans.append((start, end, rule.reason, rule.note))
    if any(anchor in low for anchor in FRAGMENT_ANCHORS):
        for rule in FRAGMENT_RULES:
            for match in rule.pattern.finditer(text):
                spans.append((match.start(), match.end(), rule.reason, rule.note))
    return _merge(spans)


def _sentence_around(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """Expand a keyword match to its sentence (at most ``reach`` characters each way)."""
    window = max(0, start - reach)
    left = 0 if window == 0 else start
    for m in _SENTENCE_BREAK.finditer(text, window, start):
        left = m.end()
    right = _SENTENCE_BREAK.search(text, end, end + reach)
    if right:
        stop = right.end()
    else:
        stop = len(text) if len(text) - end <= reach else end
    while left < start and text[left].isspace():
        left += 1
    while stop < len(text) and text[stop] in "\"'”’)] \t":
        stop += 1
    return left, stop


def _merge(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    merged: list[tuple[int, int, str, str]] = []
    for span in sorted(spans):
        if merged and span[0] < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], span[1]), last[2], last[3])
        else:
            merged.append(span)
    return merged
