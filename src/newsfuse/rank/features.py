"""Sentence features for the learned ranker, computed per story from a RankInput.

``feature_matrix(story)`` returns a float32 array of shape
``(len(story.sentences), len(FEATURES))``; column ``j`` is ``FEATURES[j]``.
Everything is computed from the story itself (no global vocabulary), with
numpy on a dense story-level TF-IDF matrix, so a story of a few hundred
sentences takes a few milliseconds.

Feature groups: position (document and sentence order, lead), length,
cross-document support (dedup support groups and TF-IDF similarity to the
other reports), centrality (cosine to the story / document centroid),
headline and lead overlap, surface cues (numbers, quotes, capitalised names,
attribution verbs, first person), TF-IDF salience and document/story size.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from . import RankInput
from ..text import RAW_WORD, STOP_WORDS, count_words, terms, tfidf_rows
from .similarity import tfidf_features

FEATURES: tuple[str, ...] = (
    # position
    "doc_pos",
    "doc_pos_rel",
    "sent_pos",
    "sent_pos_rel",
    "is_lead",
    "paragraph",
    # length
    "n_words",
    "mean_word_len",
    "n_words_z",
    # document and story size
    "n_docs",
    "doc_n_sents",
    "doc_n_words",
    "story_n_sents",
    "story_n_words",
    "doc_share_words",
    # cross-document support
    "support_n",
    "support_families",
    "max_sim_other",
    "mean_best_sim_other",
    "share_docs_sim30",
    "share_docs_sim50",
    # centrality
    "centroid_sim",
    "centroid_sim_rank",
    "doc_centroid_sim",
    "salience",
    "salience_rank",
    "lead_sim",
    "headline_overlap",
    "prev_sim",
    # surface cues
    "digit_share",
    "has_number",
    "quote_marks",
    "starts_with_quote",
    "cap_share",
    "stop_share",
    "attribution",
    "first_person",
    "second_person",
    "question",
    "ends_clean",
    # cross-document word spread and learned word propensity (Lexicon)
    "df_mean",
    "df_share_multi",
    "lex_mean",
    "lex_content_mean",
    "lex_top3",
    "lex_df",
    # document context: the document's mean, the neighbours' values and the
    # difference to the document mean, for three of the columns above
    *(
        f"{base}_{kind}"
        for base in ("lex_content_mean", "centroid_sim", "mean_best_sim_other")
        for kind in ("doc_mean", "prev", "next", "vs_doc")
    ),
)


@dataclass(frozen=True)
class Lexicon:
    """How likely each word of the input is to appear in the reference summary,
    P(word in summary | word in input), learned from training clusters; words
    not in the table get ``prior``."""

    weights: dict[str, float] = field(default_factory=dict)
    prior: float = 0.0

    def of(self, tokens: list[str]) -> np.ndarray:
        get, prior = self.weights.get, self.prior
        return np.array([get(t, prior) for t in tokens], dtype=np.float64)

_QUOTES = re.compile(r"[\"“”«»]|(?<![a-z])'|'(?![a-z])")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according|reported|announced|stated)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|we|our|us)\b", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.I)
_ENDS_CLEAN = re.compile(r"[.!?][\"'”’)]*$")


def word_tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens, as every feature (and the Lexicon) sees words."""
    return terms(text)


def _rank_pct(values: np.ndarray) -> np.ndarray:
    """Percentile rank in [0, 1] within the story (1 = highest)."""
    n = len(values)
    if n <= 1:
        return np.ones(n)
    order = np.argsort(np.argsort(values, kind="stable"), kind="stable")
    return order / (n - 1)


def feature_matrix(story: RankInput, lexicon: Lexicon | None = None) -> np.ndarray:
    """Features of every sentence of ``story`` (rows in sentence order).

    Without a ``lexicon`` the word-propensity columns are 0."""
    sentences = list(story.sentences)
    n = len(sentences)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    col = {name: j for j, name in enumerate(FEATURES)}
    texts = [s.text for s in sentences]
    tokens = [terms(t) for t in texts]

    # --- position and size -------------------------------------------------
    _, doc = np.unique([s.doc_index for s in sentences], return_inverse=True)
    n_docs = int(doc.max()) + 1
    sent_pos = np.array([s.index for s in sentences], dtype=np.float64)
    n_words = np.array([count_words(t) for t in texts], dtype=np.float64)
    doc_n_sents = np.bincount(doc, minlength=n_docs)[doc].astype(np.float64)
    doc_words = np.bincount(doc, weights=n_words, minlength=n_docs)
    story_words = float(n_words.sum())
    # rank of the sentence among its document's kept sentences
    first_row = np.searchsorted(np.sort(doc), np.arange(n_docs))
    order_in_doc = np.arange(n) - first_row[doc] if np.all(np.diff(doc) >= 0) else sent_pos

    out[:, col["doc_pos"]] = doc
    out[:, col["doc_pos_rel"]] = doc / max(1, n_docs - 1)
    out[:, col["sent_pos"]] = order_in_doc
    out[:, col["sent_pos_rel"]] = order_in_doc / np.maximum(1.0, doc_n_sents - 1)
    out[:, col["is_lead"]] = order_in_doc == 0
    out[:, col["paragraph"]] = [s.paragraph for s in sentences]
    out[:, col["n_words"]] = n_words
    out[:, col["mean_word_len"]] = [len(t) / max(1, w) for t, w in zip(texts, n_words)]
    std = n_words.std()
    out[:, col["n_words_z"]] = (n_words - n_words.mean()) / std if std > 0 else 0.0
    out[:, col["n_docs"]] = n_docs
    out[:, col["doc_n_sents"]] = doc_n_sents
    out[:, col["doc_n_words"]] = doc_words[doc]
    out[:, col["story_n_sents"]] = n
    out[:, col["story_n_words"]] = story_words
    out[:, col["doc_share_words"]] = doc_words[doc] / max(1.0, story_words)

    # --- support from dedup -------------------------------------------------
    by_id = {s.id: s for s in sentences}
    family = story.family
    for i, s in enumerate(sentences):
        others = story.support.get(s.id, ())
        if not others:
            continue
        out[i, col["support_n"]] = len(others)
        own = family.get(s.article_id, s.article_id)
        fams = {
            family.get(by_id[o].article_id, by_id[o].article_id) if o in by_id else o.split(":")[0]
            for o in others
        }
        fams.discard(own)
        out[i, col["support_families"]] = len(fams)

    # --- similarity-based features (rank.similarity, in bounded memory) ------
    tfidf = tfidf_features(tfidf_rows(texts), doc, order_in_doc, n_words)
    for name, values in tfidf.items():
        out[:, col[name]] = values
    out[:, col["centroid_sim_rank"]] = _rank_pct(tfidf["centroid_sim"])
    out[:, col["salience_rank"]] = _rank_pct(tfidf["salience"])

    headline_words = {
        t for h in story.headlines.values() for t in terms(h) if t not in STOP_WORDS
    }
    if headline_words:
        out[:, col["headline_overlap"]] = [
            len(headline_words.intersection(t)) / len(headline_words) for t in tokens
        ]

    # --- surface cues -------------------------------------------------------
    for i, (text, toks) in enumerate(zip(texts, tokens)):
        n_tok = max(1, len(toks))
        digits = sum(t.isdigit() for t in toks)
        raw = RAW_WORD.findall(text)
        caps = sum(1 for word in raw[1:] if word[0].isupper())
        quotes = len(_QUOTES.findall(text))
        out[i, col["digit_share"]] = digits / n_tok
        out[i, col["has_number"]] = digits > 0
        out[i, col["quote_marks"]] = quotes
        out[i, col["starts_with_quote"]] = text[:1] in "\"“'«"
        out[i, col["cap_share"]] = caps / max(1, len(raw) - 1)
        out[i, col["stop_share"]] = sum(t in STOP_WORDS for t in toks) / n_tok
        out[i, col["attribution"]] = bool(_ATTRIBUTION.search(text))
        out[i, col["first_person"]] = len(_FIRST_PERSON.findall(text))
        out[i, col["second_person"]] = len(_SECOND_PERSON.findall(text))
        out[i, col["question"]] = "?" in text
        out[i, col["ends_clean"]] = bool(_ENDS_CLEAN.search(text))

    # --- word spread across documents and learned word propensity -----------
    doc_words_sets: list[set[str]] = [set() for _ in range(n_docs)]
    for d, toks in zip(doc, tokens):
        doc_words_sets[d].update(toks)
    spread: dict[str, int] = {}
    for words_of_doc in doc_words_sets:
        for t in words_of_doc:
            spread[t] = spread.get(t, 0) + 1
    for i, toks in enumerate(tokens):
        content = [t for t in toks if t not in STOP_WORDS] or toks
        if not content:
            continue
        df = np.array([spread[t] for t in content], dtype=np.float64) / n_docs
        out[i, col["df_mean"]] = df.mean()
        out[i, col["df_share_multi"]] = (df * n_docs > 1).mean()
        if lexicon is not None:
            lex_content = lexicon.of(content)
            out[i, col["lex_mean"]] = lexicon.of(toks).mean()
            out[i, col["lex_content_mean"]] = lex_content.mean()
            out[i, col["lex_top3"]] = np.sort(lex_content)[-3:].mean()
            out[i, col["lex_df"]] = (lex_content * df).mean()

    # --- document context ---------------------------------------------------
    same_as_prev = np.r_[False, doc[1:] == doc[:-1]]
    same_as_next = np.r_[doc[1:] == doc[:-1], False]
    per_doc = np.maximum(1, np.bincount(doc, minlength=n_docs))
    for base in ("lex_content_mean", "centroid_sim", "mean_best_sim_other"):
        v = out[:, col[base]].astype(np.float64)
        doc_mean = (np.bincount(doc, weights=v, minlength=n_docs) / per_doc)[doc]
        out[:, col[f"{base}_doc_mean"]] = doc_mean
        out[:, col[f"{base}_prev"]] = np.where(same_as_prev, np.r_[0.0, v[:-1]], 0.0)
        out[:, col[f"{base}_next"]] = np.where(same_as_next, np.r_[v[1:], 0.0], 0.0)
        out[:, col[f"{base}_vs_doc"]] = v - doc_mean
    return out

