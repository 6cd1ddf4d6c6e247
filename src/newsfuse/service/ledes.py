"""A story's lede on the front page: one or two verbatim sentences.

* When the story's title was made from its reports' texts, the lede comes
  from the same place: the lead of the story's central report, the sentences
  :class:`newsfuse.stories.title.Heading` carries (:func:`lede_of_lead`). A
  sentence that says the title again (nearly all the title's words) is passed
  over, and so is one whose opening definite phrase the title and the
  sentences before it never named ("The documents date from August ...",
  :func:`newsfuse.text.unresolved_reference`).
* Otherwise, when a brief of the story was made (it is in the store's brief cache), the
  lede is the opening of its first paragraph (:func:`lede_of_brief`).
* Until then it is the opening of the lead report *as the pipeline reads it*:
  cleaned (no section label, outlet line, byline or dateline) and split into
  sentences by ``clean`` and ``segment`` (:func:`lede_of_text`); raw text is
  never shown.

Either way a sentence that repeats the headline, is a fragment (it opens
in lower case: what a byline cut leaves, "apon Chowdhuri, pro-government..."),
or opens with a definite phrase neither the headline nor a sentence before it
named, is passed over. :class:`LedesMixin` keeps each story's lede in a
:class:`~newsfuse.service.memo.Memo` by (story id, update time): a list page
cleans at most the stories it has not shown since they last changed, and reads
a brief's JSON once.
"""
from __future__ import annotations

import json
from typing import Iterable, Sequence

from ..text import CONNECTIVES, PRONOUNS, context_need, pronoun_after_opening, words

LIMIT = 280  # characters a lede runs to at most (a longer first sentence is cut at a word, with "…")
MEMO_LEDES = 4096  # (story id, update time) -> (lede, from a brief)
LEAD_CHARS = 3000  # how much of the lead report a fallback lede is read from


def _norm(text: str) -> list[str]:
    return [w.lower() for w in words(text)]


def repeats(sentence: str, title: str | None) -> bool:
    """Whether ``sentence`` says the headline again: it opens with the headline's words (a title cut
    from the text), or nearly all its words are the headline's."""
    if not title:
        return False
    cut = title.rstrip().endswith(("…", "..."))  # a title cut from a text: its last word may be a part of one
    head, said = _norm(title.rstrip().rstrip(".…")), _norm(sentence)
    if not head or not said:
        return False
    if said[:len(head)] == head or head[:len(said)] == said:
        return True
    if cut and len(said) >= len(head) and said[:len(head) - 1] == head[:-1] and said[len(head) - 1].startswith(head[-1]):
        return True
    return len(set(said) - set(head)) <= max(1, len(set(said)) // 5)


def _unattributed_quote(sentence: str) -> bool:
    """All of ``sentence`` is a quotation: nobody is said to have said it."""
    s = sentence.strip()
    return s.startswith(("``", '"', "“", "'", "‘")) and s.endswith(("''", '"', "”", "'", "’"))


def _stands(sentence: str) -> bool:
    """Reads on its own (:func:`newsfuse.text.context_need`); a short one too, unless it opens with a
    pronoun or connective ("``We did everything we could.''"); never a quotation without its speaker,
    nor a pronoun after a short opening phrase (:func:`newsfuse.text.pronoun_after_opening`)."""
    if _unattributed_quote(sentence) or pronoun_after_opening(sentence):  # "Three years ago, he ..."
        return False
    need = context_need(sentence)
    if need == "short":
        first = words(sentence)[:1]
        return not first or first[0].lower() not in PRONOUNS | CONNECTIVES
    return need in (None, "he-said")


def _readable(sentence: str) -> bool:
    first = sentence.lstrip("\"'“‘`([—–- ")[:1]
    return bool(first) and not first.islower()


def pick(sentences: Iterable[str], title: str | None = None, limit: int = LIMIT,
         keys: Sequence[tuple[str, int]] | None = None) -> str | None:
    """One or two of ``sentences`` (in order) as a lede: the first that reads on its own and does not
    repeat the headline, and the one after it when both fit in ``limit`` characters and, when ``keys``
    ((report, sentence number) of each) are given, it is the next sentence of the same report."""
    from ..text import unresolved_reference

    items = [(" ".join(s.split()), keys[i] if keys else ("", i)) for i, s in enumerate(sentences)]
    kept = [(s, k) for s, k in items if s and _readable(s) and not repeats(s, title)
            and not (title and unresolved_reference(s, title))]  # the sentences before it are not shown
    if not kept:
        return None
    strict = [i for i, (s, _) in enumerate(kept) if _stands(s)]
    if not strict:  # every one leans on something before it ("``We did everything correctly.''"): no lede
        return None
    start = strict[0]
    out, (report, number) = kept[start]
    if start + 1 < len(kept):
        after, key = kept[start + 1]
        if key == (report, number + 1) and len(out) + 1 + len(after) <= limit \
                and context_need(after) != "quote":  # it follows in its report: "He said" reads fine
            out += " " + after
    if len(out) > limit:
        out = out[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def says_title(sentence: str, title: str | None) -> bool:
    """:func:`repeats`, or ``sentence`` holds nearly all the title's words (a title shortened from it)."""
    if repeats(sentence, title):
        return True
    head = set(_norm(title or ""))
    return bool(head) and len(head - set(_norm(sentence))) <= len(head) // 5


def lede_of_lead(lead: Sequence[str], title: str | None, limit: int = LIMIT) -> str | None:
    """The lede from a story's lead (the central report's lead sentence and those after it, in order):
    the first sentence that does not say the title again and reads on its own after it (no pointing
    opener, balanced quotes, no unresolved definite reference), and the next one when it fits in
    ``limit``. None when none does."""
    from ..text import unresolved_reference

    seen = title or ""  # what a reader has seen: the headline (a sentence passed over is not shown)
    for n, sentence in enumerate(lead):
        s = " ".join(sentence.split())
        if not s or says_title(s, title):
            continue
        if _readable(s) and _stands(s) and context_need(s) != "short" and not unresolved_reference(s, seen) \
                and len(s) <= limit:
            out = s
            if n + 1 < len(lead):
                after = " ".join(lead[n + 1].split())
                if after and len(out) + 1 + len(after) <= limit and _readable(after) \
                        and context_need(after) != "quote" and not says_title(after, title):
                    out += " " + after
            return out
    return None


def title_and_lede(headlines: Sequence[str | None], texts: Sequence[str]) -> tuple[str, str | None]:
    """A story's title (:func:`newsfuse.stories.title.title_of_reports`, the one title rule) and the
    lede from the lead it came from (:func:`lede_of_lead`; None: take it from the brief or the lead
    report, :class:`LedesMixin`)."""
    from ..stories.title import heading_of_reports

    heading = heading_of_reports(headlines, texts)
    return heading.title, lede_of_lead(heading.lead, heading.title)


def lede_of_brief(brief_json: str | None, title: str | None = None, limit: int = LIMIT) -> str | None:
    """The lede of a brief (``newsfuse.brief/2`` JSON): from its first paragraph's sentences, else
    from any of its sentences; None when it has none (or is not JSON)."""
    if not brief_json:
        return None
    try:
        sentences = [(s.get("paragraph", 0), s["text"], _key(s)) for s in json.loads(brief_json).get("sentences", [])]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    first = min((p for p, _, _ in sentences), default=0)
    lead = [(t, k) for p, t, k in sentences if p == first]
    return pick([t for t, _ in lead], title, limit, [k for _, k in lead]) \
        or pick([t for _, t, _ in sentences], title, limit, [k for _, _, k in sentences])


def _key(sentence: dict) -> tuple[str, int]:
    """(report, sentence number) of a brief sentence ("<article id>:<n>"; ("", -1) when unknown)."""
    report, _, number = str(sentence.get("sentence_id", "")).rpartition(":")
    return (report, int(number)) if number.isdigit() else ("", -1)


def lede_of_text(text: str | None, title: str | None = None, source: str = "", limit: int = LIMIT,
                 headline: str | None = None) -> str | None:
    """The lede of one report (its text, its own ``title`` and ``source`` as stored): cleaned and split
    into sentences by the pipeline's own stages; a sentence repeating the report's headline (found by
    ``clean``) or the story's ``headline`` is passed over."""
    if not text or not text.strip():
        return None
    from ..clean import clean
    from ..ingest import Article
    from ..segment import segment_text

    cleaned = clean([Article(id="lede", source=source or "", text=text[:LEAD_CHARS], title=title)])[0]
    body = cleaned.text
    sentences = [body[start:end] for _, start, end in segment_text(body)]
    if cleaned.headline and headline and cleaned.headline != headline:
        sentences = [s for s in sentences if not repeats(s, cleaned.headline)]
    return pick(sentences, headline or cleaned.headline, limit)


def lede_of(brief_json: str | None, head: str | None, limit: int = LIMIT, title: str | None = None,
            source: str = "") -> str | None:
    """A story's lede: of its brief when one was made, else of the lead report's (raw) text after
    cleaning and sentence splitting (:func:`lede_of_text`)."""
    return lede_of_brief(brief_json, title, limit) or lede_of_text(head, None, source, limit, headline=title)


class LedesMixin:
    """The lede part of :class:`newsfuse.service.NewsService` (needs its ``_ledes`` memo)."""

    def _ledes_of(self, store, stories: Sequence[tuple[int, float, str]]) -> dict[int, str | None]:
        """story id -> lede, for (story id, updated_at, title) triples; reads the store only for
        stories whose lede is not known from a brief yet."""
        out: dict[int, str | None] = {}
        missing: dict[int, tuple[float, str]] = {}
        for sid, updated, title in stories:
            known = self._ledes.get((sid, updated))
            if known is not None and known[1]:
                out[sid] = known[0]
            else:
                missing[sid] = (updated, title)
        if not missing:
            return out
        for sid, (brief, lead) in store.story_leads(list(missing)).items():
            updated, title = missing[sid]
            lede = lede_of_brief(brief, title)
            if lede is not None:
                self._ledes.put((sid, updated), (lede, True))
            else:
                known = self._ledes.get((sid, updated))
                if known is None:
                    lead_title, source, text = lead or (None, "", "")
                    known = (lede_of_text(text, lead_title, source, headline=title), False)
                    self._ledes.put((sid, updated), known)
                lede = known[0]
            out[sid] = lede
        return out
