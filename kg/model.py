"""Typed values passed between the pipeline stages.

read → :class:`Document`; extract → :class:`Mention`; resolve → :class:`Resolution`
(entities and facts); build → an rdflib graph. Every span is ``[start, end)`` in code
points of ``Document.text`` (the NFC-normalised report text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

__all__ = [
    "Span", "Header", "Section", "Measure", "Sentence", "Document",
    "MentionKind", "OrgKind", "PlaceLevel", "HonourLevel", "Qualifier", "Unit",
    "StatisticDetail", "HonourDetail", "PersonDetail", "OrgDetail", "PlaceDetail",
    "ProgramDetail", "Mention",
    "Entity", "Observation", "Conferral", "Application", "PostHolding", "Resolution",
]


@dataclass(frozen=True, order=True)
class Span:
    """A ``[start, end)`` range of code points in a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def quote(self, text: str) -> str:
        return text[self.start:self.end]

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Header:
    """The metadata block that government sites print above a report."""

    index_number: str | None = None      # 索引号
    category: str | None = None          # 组配分类
    publisher: str | None = None         # 发布机构 (as written)
    created: str | None = None           # 生成日期, ISO yyyy-mm-dd
    disclosure: str | None = None        # 公开方式
    span: Span | None = None


@dataclass(frozen=True)
class Section:
    """A numbered part of the report (一、… / （一）…), with its heading."""

    position: int            # 1-based, document order
    number: str              # the numeral as written: "一", "（二）", "3."
    heading: Span            # the heading text, without its number
    span: Span               # the whole section: heading to the start of the next one
    level: int = 1           # 1 for 一、, 2 for （一）, 3 for 1.


@dataclass(frozen=True)
class Measure:
    """One listed measure inside a section (一是 / 二是 / （一） …)."""

    position: int            # 1-based within its section
    section: int             # Section.position
    marker: str              # "一是"
    span: Span


@dataclass(frozen=True)
class Sentence:
    position: int            # 1-based, document order
    span: Span


@dataclass(frozen=True)
class Document:
    """A report as read: NFC text plus its structure, all as spans into ``text``."""

    path: str
    text: str
    sha256: str              # of the NFC text, UTF-8 encoded
    header: Header
    title: Span | None
    body: Span               # the content: after header and title, before page chrome
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    sentences: tuple[Sentence, ...]
    year: int | None = None  # the year the report covers
    source_format: str = "txt"
    encoding: str = "utf-8"
    script: str = "zh-Hans"  # the script as written; "zh-Hant" text is read converted
    # Added in phase 2 (reader): the bodies a report is addressed to ("区委、区政府", without the
    # colon; the body's first line, kept in body and sentences but in no section), and its closing
    # block: the signing body and the date (ISO), both after the body like "特此报告。".
    addressee: Span | None = None
    signatory: Span | None = None
    signed: str | None = None

    @property
    def title_text(self) -> str | None:
        return self.title.quote(self.text) if self.title else None

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        best = None
        for s in self.sections:
            if s.span.start <= offset < s.span.end and (best is None or s.level >= best.level):
                best = s
        return best

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start <= offset < s.span.end:
                return s
        return None


class MentionKind(str, Enum):
    ORGANIZATION = "organization"
    PLACE = "place"
    PERSON = "person"
    LAW = "law"
    PROGRAM = "program"
    HONOUR = "honour"
    STATISTIC = "statistic"


class OrgKind(str, Enum):
    """What kind of body an organization is; the keys of the org-kind code list."""

    GOVERNMENT_BODY = "government-body"      # 局, 厅, 政府, 委员会 …
    JUDICIAL_OFFICE = "judicial-office"      # 司法所
    CENTRE = "centre"                        # 中心
    MEDIATION_ROOM = "mediation-room"        # 调解室, 工作室
    WORKSTATION = "workstation"              # 工作站, 衔接室
    SERVICE_TEAM = "service-team"            # 服务团, 服务队
    COMMITTEE = "committee"                  # 领导小组, 委员会 of a body
    PARTY_BODY = "party-body"                # 党总支, 党支部, 党委
    COURT = "court"                          # 法院, 检察院
    MEDIA = "media"                          # 电视台, 报, 广播
    ENTERPRISE = "enterprise"                # 公司, 律所
    OTHER = "other"


class PlaceLevel(str, Enum):
    COUNTRY = "country"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"        # 区 / 县 / 县级市
    SUBDISTRICT = "subdistrict"  # 街道
    TOWN = "town"                # 镇
    TOWNSHIP = "township"        # 乡
    COMMUNITY = "community"      # 社区
    VILLAGE = "village"          # 村
    SITE = "site"                # a named site: 工地, 小镇, 园区 …


class HonourLevel(str, Enum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    OTHER = "other"


class Qualifier(str, Enum):
    """How a written figure relates to the true value (余, 约, 近, 不足 …)."""

    MORE_THAN = "more-than"          # 余, 多, 超, 以上
    APPROXIMATELY = "approximately"  # 约, 左右
    NEARLY = "nearly"                # 近
    LESS_THAN = "less-than"          # 不足, 不到, 以下
    AT_LEAST = "at-least"            # 至少


class Unit(str, Enum):
    """Normalised units (QUDT local names)."""

    NUM = "NUM"
    PERCENT = "PERCENT"
    CNY = "CCY_CNY"
    RATIO = "RATIO"   # a written ratio such as 1:20; no QUDT unit


@dataclass(frozen=True)
class StatisticDetail:
    value_text: str              # the figure as written: "2017.5", "一百五十", "12,345"
    value: Decimal               # the figure as a number: 2017.5
    unit_text: str               # the measure word as written: "万元", "件", "%"
    normalized: Decimal          # comparable form: 30136900
    normalized_unit: Unit
    qualifier: Qualifier | None
    indicator: str               # what was counted, Chinese, as near the text as possible
    ratio: tuple[Decimal, Decimal] | None = None
    period: int | None = None    # the year a table's column names (项目 | 2021年 | 2022年), else None


@dataclass(frozen=True)
class OrgDetail:
    kind: OrgKind
    suffix: str                  # the suffix that made it an organization: 司法所 (for an
    #                              abbreviation, the full suffix it stands for: 北山所 → 司法所)
    abbreviated: bool = False    # 北山所 for 北山司法所


@dataclass(frozen=True)
class PlaceDetail:
    level: PlaceLevel
    abbreviated: bool = False    # 全省 / 省 / 区 meaning the report's own
    suffix: str | None = None    # the suffix a listed stem takes (甲、乙三市: 甲 → 甲市)


@dataclass(frozen=True)
class PersonDetail:
    name: str
    post: str | None


@dataclass(frozen=True)
class ProgramDetail:
    place: Span | None = None    # where it was piloted, if stated


@dataclass(frozen=True)
class HonourDetail:
    recipient: Span | None
    honour: Span
    level: HonourLevel
    conferrer: Span | None
    received: bool               # False for 申报 / 争创 / 力争: an application or target


Detail = StatisticDetail | OrgDetail | PlaceDetail | PersonDetail | ProgramDetail | HonourDetail


@dataclass(frozen=True)
class Mention:
    """One thing an extractor found: where, what kind, and the rule that found it."""

    kind: MentionKind
    span: Span
    text: str
    rule: str                    # versioned rule name, e.g. "honour.verb.v1"
    detail: Detail | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


# ----------------------------------------------------------------- resolved values

@dataclass(frozen=True)
class Entity:
    """A thing the report talks about, with every mention of it merged."""

    key: str                     # stable, ASCII; see kg.iris
    kind: MentionKind
    label: str                   # canonical Chinese name
    mentions: tuple[Mention, ...]
    org_kind: OrgKind | None = None
    place_level: PlaceLevel | None = None
    parent: str | None = None    # key of the organization it is a unit of
    place: str | None = None     # key of the place it serves / is located in / was piloted in
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Observation:
    key: str
    mention: Mention
    detail: StatisticDetail
    area: str | None             # place key
    period: int | None           # year


@dataclass(frozen=True)
class Conferral:
    key: str
    mention: Mention
    recipient: str               # entity key
    honour: str                  # honour label as written
    level: HonourLevel
    conferrer: str | None        # entity key
    year: int | None


@dataclass(frozen=True)
class Application:
    """An honour applied for or aimed at (申报, 争创, 力争): not received."""

    key: str
    mention: Mention
    applicant: str | None
    honour: str
    level: HonourLevel


@dataclass(frozen=True)
class PostHolding:
    key: str
    person: str                  # entity key
    post: str                    # 部长
    organization: str | None
    mention: Mention


@dataclass(frozen=True)
class Resolution:
    document: Document
    entities: tuple[Entity, ...]
    observations: tuple[Observation, ...]
    conferrals: tuple[Conferral, ...]
    applications: tuple[Application, ...]
    posts: tuple[PostHolding, ...]
    publisher: str | None = None  # entity key of the publishing body
    area: str | None = None       # place key of the report's own area
    warnings: tuple[str, ...] = field(default=())
