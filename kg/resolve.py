"""Returns entities and facts from one document's mentions: aliases merged, facts keyed.

Policies (vocabulary in ``kg/rules/entities.yaml``):

* Canonical names. An abbreviated office takes its suffix family (北山所, 北山 in 北山、南塘所 →
  北山司法所). A name opening with a lone level character means the report's own unit of that
  level (区法律援助中心 → <area>法律援助中心; the header's 区司法局 → the publisher). An
  abbreviated body (省厅) becomes <province><department>厅 when the text names exactly one
  province first and the publisher's department is known (…司法局 → 司法), else stays as written.
  A province's short name takes its full name (浙江 → 浙江省).
* Publisher: the first organization in the title, else the header's 发布机构 as written.
  Area: the place named inside the publisher's name.
* Parents: a unit is a unit of the publisher only by an explicit rule (``unit_parents``): a
  司法所 of a 司法局; a 法律援助中心 or 公证处 of the 司法局 of the same place. Nothing else is
  guessed.
* A judicial office serves the subdistrict / town / township with its stem, when one is mentioned.
* Organization, place and programme mentions inside an honour's title name the title, not a body
  (“枫桥式”司法所 in 通过省厅“枫桥式”司法所验收): they make no entity.
* Keys: ``kg.iris.stable_key(kind, label)`` for entities; facts are ``<prefix>-<sha256[:8]>-<n>``
  with ``n`` the 1-based document order.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Sequence

from .extract._common import rules
from .extract.places import province_full_name
from .iris import stable_key
from .model import (Application, Conferral, Document, Entity, HonourDetail, Mention, MentionKind,
                    Observation, OrgDetail, OrgKind, PersonDetail, PlaceDetail, PlaceLevel, PostHolding,
                    ProgramDetail, Resolution, Span, StatisticDetail)

__all__ = ["resolve", "entity_key"]

_LEVEL_OF_CHAR = {"省": PlaceLevel.PROVINCE, "市": PlaceLevel.CITY, "区": PlaceLevel.DISTRICT,
                  "县": PlaceLevel.DISTRICT}
# a lone level word opening a body's name: the report's own unit of that level (街道综治中心)
_LEVEL_OF_WORD = {**_LEVEL_OF_CHAR, "街道": PlaceLevel.SUBDISTRICT, "镇": PlaceLevel.TOWN,
                  "乡": PlaceLevel.TOWNSHIP,
                  # a zone's report: 开发区 / 管委会 opening a body's name mean the zone (a site)
                  "开发区": PlaceLevel.SITE, "高新区": PlaceLevel.SITE, "管委会": PlaceLevel.SITE}

_BELOW_DISTRICT = (PlaceLevel.SUBDISTRICT, PlaceLevel.TOWN, PlaceLevel.TOWNSHIP)
_RULE_BODY = "org.abbreviated-body.v1"
_RULE_SUBUNIT = "org.subunit.v1"


def entity_key(kind: MentionKind, label: str) -> str:
    """Returns the stable ASCII key of an entity: the same kind and label give the same key.

    >>> entity_key(MentionKind.ORGANIZATION, "某区司法局")
    '9e07e1d510dc'
    """
    return stable_key(kind.value, label)


@lru_cache(maxsize=1)
def _bodies() -> dict:
    return rules().raw["abbreviated_bodies"]


class _Builder:
    """Collects mentions under canonical labels; one per resolve() call."""

    def __init__(self) -> None:
        self.mentions: dict[tuple[MentionKind, str], list[Mention]] = defaultdict(list)
        self.extra: dict[tuple[MentionKind, str], dict] = defaultdict(dict)
        self.aliases: dict[tuple[MentionKind, str], set[str]] = defaultdict(set)

    def add(self, kind: MentionKind, label: str, mention: Mention | None, **extra) -> str:
        slot = (kind, label)
        if mention is not None:
            self.mentions[slot].append(mention)
            if mention.text != label:
                self.aliases[slot].add(mention.text)
        else:
            self.mentions.setdefault(slot, [])
        for k, v in extra.items():
            if v is not None and self.extra[slot].get(k) is None:
                self.extra[slot][k] = v
        return entity_key(kind, label)


def resolve(doc: Document, mentions: Sequence[Mention]) -> Resolution:
    """Returns the :class:`Resolution` of ``doc``: merged entities, observations, conferrals,
    applications and post holdings, all sorted and keyed deterministically."""
    text = doc.text
    by_kind: dict[MentionKind, list[Mention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.kind.value, m.rule)):
        by_kind[m.kind].append(m)
    titles = [h.span for h in by_kind[MentionKind.HONOUR]]
    in_title = lambda m: any(t.contains(m.span) for t in titles)  # noqa: E731
    warnings: list[str] = []
    b = _Builder()
    span_key: dict[tuple[Span, MentionKind], str] = {}

    # places first: organizations and the area need them
    place_level: dict[str, PlaceLevel] = {}
    place_counts: dict[str, int] = defaultdict(int)
    own_sites: list[Mention] = []     # 县法治文化公园: the report's own site, labelled once the area is known
    site_texts = {m.text for m in by_kind[MentionKind.PLACE]
                  if m.detail.level is PlaceLevel.SITE and not m.detail.abbreviated and not in_title(m)
                  and not (m.text[:1] in _LEVEL_OF_CHAR and m.text[1:2] not in _LEVEL_OF_CHAR)}
    for m in by_kind[MentionKind.PLACE]:
        d = m.detail
        if in_title(m) or (isinstance(d, PlaceDetail) and d.abbreviated):
            continue
        if d.level is PlaceLevel.SITE and m.text[:1] in _LEVEL_OF_CHAR and m.text[1:2] not in _LEVEL_OF_CHAR:
            own_sites.append(m)
            continue
        label = province_full_name(m.text) if d.level is PlaceLevel.PROVINCE and province_full_name(m.text) \
            else m.text
        if m.rule == "place.media-stem.v1" and d.level is PlaceLevel.CITY:
            label = m.text + "市"     # 温州广播电视台 names 温州市
        if d.suffix:
            label = m.text + d.suffix  # 甲、乙三市: 甲市
        if d.level is PlaceLevel.SITE:   # 人才大厦 after 某某人才大厦: the site named in full once
            longer = [t for t in site_texts if t != label and t.endswith(label)]
            label = longer[0] if len(longer) == 1 else label
        place_level.setdefault(label, d.level)
        place_counts[label] += 1
        span_key[(m.span, m.kind)] = b.add(MentionKind.PLACE, label, m, place_level=d.level)
    first_of_level = {}
    for label, level in place_level.items():       # insertion order = document order
        first_of_level.setdefault(level, label)

    publisher_mention = _publisher_mention(doc, by_kind[MentionKind.ORGANIZATION])
    area_label = None
    units: dict[PlaceLevel, str] = {}
    if publisher_mention is not None:
        inner = [p for p in by_kind[MentionKind.PLACE] if publisher_mention.span.contains(p.span)]
        for p in inner:      # 某区某街道办事处: the district and the subdistrict; the area is the last
            units.setdefault(p.detail.level, p.text)
        area_label = inner[-1].text if inner else None
    elif doc.header.publisher:
        # no body in the title (a page whose title line was lost): the header's publisher, when the
        # text names it in full, and the place its name starts with
        named = [m for m in by_kind[MentionKind.ORGANIZATION] if m.text == doc.header.publisher]
        publisher_mention = named[0] if named else None
        starts = [p.text for p in by_kind[MentionKind.PLACE] if doc.header.publisher.startswith(p.text)]
        area_label = starts[0] if starts else None
    context = _Context(area=area_label, area_level=place_level.get(area_label),
                       province=first_of_level.get(PlaceLevel.PROVINCE),
                       city=first_of_level.get(PlaceLevel.CITY),
                       publisher=publisher_mention.text if publisher_mention else None)
    context.units = units
    context.places = set(place_level)
    if context.area_level in _BELOW_DISTRICT:
        # a town's report: 县委 / 县法院 are its county's, when the text names exactly one county
        districts = [label for label, level in place_level.items() if level is PlaceLevel.DISTRICT]
        if len(districts) == 1:
            context.units.setdefault(PlaceLevel.DISTRICT, districts[0])
    if context.publisher is None and doc.header.publisher:
        context.publisher = doc.header.publisher
    if context.area and context.area_level is PlaceLevel.SITE:     # 开发区 alone: the zone reporting
        zone_words = set(rules().raw.get("zone_words", ()))
        for m in by_kind[MentionKind.PLACE]:
            if m.detail.abbreviated and m.text in zone_words and not in_title(m):
                span_key[(m.span, m.kind)] = b.add(MentionKind.PLACE, context.area, m)
    for m in own_sites:
        label = _expand_level_prefix(m.text, context)
        place_level.setdefault(label, m.detail.level)
        span_key[(m.span, m.kind)] = b.add(MentionKind.PLACE, label, m, place_level=m.detail.level)
    if context.province:     # 省厅 = the one provincial department the text names in full
        depts = sorted({m.text for m in by_kind[MentionKind.ORGANIZATION]
                        if m.text.startswith(context.province) and m.text.endswith("厅")})
        context.province_department = depts[0] if len(depts) == 1 else None

    org_kind: dict[str, OrgKind] = {}
    own_words = set(rules().raw.get("own_body_words", ()))
    labelled: list[tuple[Mention, str]] = []
    short_names = {hit.group(1) for hit in _SHORT_NAME.finditer(text)}     # （以下简称“支队”）
    for m in by_kind[MentionKind.ORGANIZATION]:
        if in_title(m):
            continue
        if m.text in own_words and m.text not in short_names:   # 我局, 局机关: the publisher
            if context.publisher is None or (m.text in rules().raw.get("own_body_bare_words", ())
                                             and not context.publisher.endswith(m.text)):
                continue
            span_key[(m.span, m.kind)] = b.add(MentionKind.ORGANIZATION, context.publisher, m)
            continue
        labelled.append((m, _org_label(m, context)))
    labelled = _defined_short_names(text, labelled, context)
    labelled = _own_units_after_body(labelled, context)
    all_labels = {label for _, label in labelled}
    longer_form = {label: _short_form_of_longer(label, all_labels, context, place_level) for label in all_labels}
    labelled = [(m, longer_form[label]) for m, label in labelled]
    places_at = [p.span for p in by_kind[MentionKind.PLACE]]
    bare = {label for m, label in labelled if label == m.text and _level_word(label) is None
            and not any(m.span.contains(s) for s in places_at)}
    full_units = _full_units(bare, {label for _, label in labelled}, context, tuple(sorted(place_level)))
    for m, label in labelled:
        label = full_units.get(label, label)
        org_kind.setdefault(label, m.detail.kind if isinstance(m.detail, OrgDetail) else OrgKind.OTHER)
        span_key[(m.span, m.kind)] = b.add(MentionKind.ORGANIZATION, label, m)
    publisher_key = None
    if context.publisher:
        publisher_key = entity_key(MentionKind.ORGANIZATION, context.publisher)
        org_kind.setdefault(context.publisher, OrgKind.GOVERNMENT_BODY)
        b.add(MentionKind.ORGANIZATION, context.publisher, None)
        if doc.header.publisher:
            header_label = _expand_level_prefix(doc.header.publisher, context)
            if header_label == context.publisher and doc.header.publisher != context.publisher:
                b.aliases[(MentionKind.ORGANIZATION, context.publisher)].add(doc.header.publisher)

    programme_labels = {m.text for m in by_kind[MentionKind.PROGRAM] if not in_title(m)}
    for m in by_kind[MentionKind.PROGRAM]:
        if in_title(m):
            continue
        # “甲”改革试点 is 乙与丙“甲”改革试点 when the report names that one programme in full
        longer = [other for other in programme_labels if other != m.text and other.endswith(m.text)
                  and ("“" in m.text or len(m.text) >= 6)]
        piloted = [m.text + w for w in rules().raw["pilot_markers"] if m.text + w in programme_labels]
        label = longer[0] if len(longer) == 1 else piloted[0] if piloted and "“" in m.text else m.text
        # (“某某”管理 after “某某”管理试点: the pilot named again without its 试点)
        place = None
        if isinstance(m.detail, ProgramDetail) and m.detail.place is not None:
            place = span_key.get((m.detail.place, MentionKind.PLACE))
            if place is None:   # 在某街道某社区试点: the place named last, when it is a mention
                place = next((key for (sp, kind), key in sorted(span_key.items(), key=lambda kv: kv[0][0].start)
                              if kind is MentionKind.PLACE and sp.end == m.detail.place.end
                              and m.detail.place.contains(sp)), None)
            if place is None:
                place = b.add(MentionKind.PLACE, m.detail.place.quote(text), None)
        span_key[(m.span, m.kind)] = b.add(MentionKind.PROGRAM, label, m, place=place)
    for m in by_kind[MentionKind.LAW]:
        span_key[(m.span, m.kind)] = b.add(MentionKind.LAW, m.text, m)

    sha = doc.sha256[:8]
    posts = []
    for n, m in enumerate(by_kind[MentionKind.PERSON], 1):
        d = m.detail
        name = d.name if isinstance(d, PersonDetail) else m.text
        person = b.add(MentionKind.PERSON, name, m)
        span_key[(m.span, m.kind)] = person
        if isinstance(d, PersonDetail) and d.post:
            posts.append(PostHolding(f"post-{sha}-{n}", person, d.post, None, m))

    conferrals, applications = [], []
    for n, m in enumerate(by_kind[MentionKind.HONOUR], 1):
        d = m.detail
        if not isinstance(d, HonourDetail):
            continue
        recipient = None
        if d.recipient is not None:
            recipient = next((span_key[(d.recipient, k)] for k in (MentionKind.ORGANIZATION, MentionKind.PROGRAM,
                              MentionKind.PLACE, MentionKind.PERSON) if (d.recipient, k) in span_key), None)
        conferrer = span_key.get((d.conferrer, MentionKind.ORGANIZATION)) if d.conferrer else None
        if d.received:
            if recipient is None:
                warnings.append(f"honour at {m.span.start}: no recipient for {m.text}")
                continue
            conferrals.append(Conferral(f"conf-{sha}-{n}", m, recipient, m.text, d.level, conferrer, doc.year))
        else:
            # an aim with no applicant named is the reporting area's own (力争创成…示范区); so is
            # an aim the publisher states of itself (我局将…争创…示范县)
            if d.recipient is not None and d.recipient.quote(text) in own_words:
                recipient = None
            unit_title = m.text.endswith(tuple(rules().raw.get("honour_unit_endings", ())))
            if recipient is None and unit_title and publisher_key:
                applicant = publisher_key     # …示范单位 with no applicant named: only a body holds it
            else:
                applicant = recipient if recipient is not None or area_label is None \
                    else entity_key(MentionKind.PLACE, area_label)
            applications.append(Application(f"app-{sha}-{n}", m, applicant, m.text, d.level))

    area_key = entity_key(MentionKind.PLACE, area_label) if area_label else None
    observations = [Observation(f"obs-{sha}-{n}", m, m.detail, area_key, m.detail.period or doc.year)
                    for n, m in enumerate(by_kind[MentionKind.STATISTIC], 1)
                    if isinstance(m.detail, StatisticDetail)]

    entities = _entities(b, org_kind, context, publisher_key)
    return Resolution(doc, entities, tuple(observations), tuple(conferrals), tuple(applications),
                      tuple(posts), publisher=publisher_key, area=area_key, warnings=tuple(warnings))


class _Context:
    def __init__(self, area, area_level, province, city, publisher) -> None:
        self.area, self.area_level, self.province, self.city = area, area_level, province, city
        self.publisher = publisher
        self.province_department: str | None = None
        self.units: dict[PlaceLevel, str] = {}     # the places named in the publisher's name
        self.places: set[str] = set()              # every place the report names

    def unit_of_level(self, level: PlaceLevel | None) -> str | None:
        if level is None:
            return None
        if level is self.area_level:
            return self.area
        if level in self.units:
            return self.units[level]
        return {PlaceLevel.PROVINCE: self.province, PlaceLevel.CITY: self.city}.get(level)

    @property
    def department(self) -> str | None:
        """The publisher's line of work: 某区司法局 → 司法."""
        if not self.publisher or not self.area or self.area not in self.publisher:
            return None      # 国家税务总局某市税务局: the area inside a national prefix
        rest = self.publisher[self.publisher.index(self.area) + len(self.area):]
        return rest[:-1] if len(rest) >= 2 and rest[-1] in "局厅部委办" else None


def _publisher_mention(doc: Document, orgs: list[Mention]) -> Mention | None:
    if doc.title is None:
        return None
    inside = [m for m in orgs if doc.title.contains(m.span)]
    inside.sort(key=lambda m: (m.detail.kind is not OrgKind.GOVERNMENT_BODY, m.span.start))
    return inside[0] if inside else None


def _level_word(label: str) -> str | None:
    """Returns the lone level word opening ``label`` (区, 县, 街道 …), or None."""
    return next((w for w in sorted(_LEVEL_OF_WORD, key=len, reverse=True) if label.startswith(w)), None)


def _expand_level_prefix(label: str, ctx: _Context) -> str:
    """区法律援助中心 → <area>法律援助中心 when the report's unit of that level is known;
    区政府… takes the full 人民政府 (区政府法律顾问团 keeps the form as written after the area)."""
    word = _level_word(label)
    unit = ctx.unit_of_level(_LEVEL_OF_WORD.get(word)) if word else None
    if not unit or len(label) <= len(word) + 1:
        return label
    for body, spec in _bodies().items():
        if label == body and spec.get("expand"):
            return unit + spec["expand"]
    rest = label[len(word):]
    for short, full in rules().raw.get("level_prefixed_full_names", {}).items():
        if rest == short or (rest.startswith(short) and short.endswith("办公室")):
            return unit + full + rest[len(short):]     # 县法院 → <county>人民法院
    return unit + rest


def _full_department(label: str) -> str:
    """区人社局某某大厅 → 区人力资源和社会保障局某某大厅 (the genre's abbreviations)."""
    for short, full in sorted(rules().raw.get("department_abbreviations", {}).items(),
                              key=lambda kv: (-len(kv[0]), kv[0])):
        i = label.find(short)
        if i >= 0 and not label.startswith(full, i):
            return label[:i] + full + label[i + len(short):]
    return label


def _own_body(label: str, ctx: _Context) -> str | None:
    """局某某股 → <publisher>某某股 when the publisher ends with 局."""
    for prefix in rules().raw.get("own_body_prefixes", ()):
        if label.startswith(prefix) and len(label) > len(prefix) + 1 and ctx.publisher \
                and ctx.publisher.endswith(prefix):
            return ctx.publisher + label[len(prefix):]
    return None


def _org_label(m: Mention, ctx: _Context) -> str:
    return _full_department(_org_label_as_written(m, ctx))


def _org_label_as_written(m: Mention, ctx: _Context) -> str:
    d = m.detail
    if not isinstance(d, OrgDetail):
        return m.text
    own = _own_body(m.text, ctx)
    if own:
        return own
    if m.text in _bodies():
        body = _bodies()[m.text]
        level = PlaceLevel(body["level"])
        unit, dept = ctx.unit_of_level(level), ctx.department
        if body.get("expand"):       # 区政府 → <district>人民政府, 县委 → <county>委
            return f"{unit}{body['expand']}" if unit else m.text
        if level is ctx.area_level and unit:
            return ctx.publisher or m.text
        if unit and dept:
            return f"{unit}{dept}{body['suffix']}"
        if level is PlaceLevel.PROVINCE and body["suffix"] == "厅" and ctx.province_department:
            return ctx.province_department
        return m.text
    if m.rule == "org.listed-town.v1":     # 甲 of 甲、乙等9个乡镇某某中心: 甲镇某某中心 when 甲镇 is named
        town = next((m.text + w for w in ("镇", "乡", "街道") if (m.text + w) in ctx.places), None)
        return (town or m.text) + d.suffix
    school = rules().raw.get("numbered_school")
    if school and d.suffix == school["full"] and m.rule.startswith("org.abbreviated") and len(m.text) == 3:
        unit = ctx.unit_of_level(_LEVEL_OF_CHAR.get(m.text[0]))     # 区一中 → <district>第一中学
        return f"{unit}第{m.text[1]}{school['full']}" if unit else m.text
    if d.abbreviated and m.rule.startswith("org.abbreviated"):
        short = rules().raw["abbreviated_office"]["suffix"]
        if d.suffix in rules().raw["abbreviated_office"].get("families", {}):   # 某某所 → 某某税务所
            return (m.text[:-len(short)] if m.text.endswith(short) else m.text) + d.suffix
        stem = m.text[:-len(d.suffix)] if m.text.endswith(d.suffix) else m.text
        family = rules().raw["suffix_families"].get(d.suffix, d.suffix)
        return stem + family
    if m.rule == _RULE_SUBUNIT and m.text.startswith(tuple(_bodies())):    # 市局政策法规科
        body = next(b for b in sorted(_bodies(), key=len, reverse=True) if m.text.startswith(b))
        head = _org_label_as_written(Mention(m.kind, Span(m.span.start, m.span.start + len(body)), body,
                                             _RULE_BODY, OrgDetail(OrgKind.GOVERNMENT_BODY, _bodies()[body]["suffix"],
                                                                   abbreviated=True)), ctx)
        return head + m.text[len(body):] if head != body else m.text
    if d.abbreviated or _level_prefixed(m.text):
        return _expand_level_prefix(m.text, ctx)
    return m.text


_SHORT_NAME = re.compile(r"[（(]以下简称[“\"]([^”\"]{1,10})[”\"][）)]")


def _defined_short_names(text: str, labelled: list[tuple[Mention, str]], ctx: _Context) -> list[tuple[Mention, str]]:
    """某某支队（以下简称“支队”）: later 支队 is that body, 支队法制科 its unit, and a brigade named by its
    place only (甲区大队) is that detachment's."""
    defined: dict[str, str] = {}
    for m, label in labelled:
        hit = _SHORT_NAME.match(text, m.span.end)
        if hit:
            defined.setdefault(hit.group(1), label)
    if not defined:
        return labelled
    detachments = sorted({full for full in defined.values() if full.endswith("支队")})
    out = []
    for m, label in labelled:
        if m.text in defined and defined[m.text] != label:
            label = defined[m.text]
        else:
            short = next((k for k in sorted(defined, key=len, reverse=True)
                          if m.text.startswith(k) and len(m.text) > len(k) + 1 and not m.text.startswith(defined[k])), None)
            if short:
                label = defined[short] + m.text[len(short):]      # 支队法制科
            elif len(detachments) == 1 and re.fullmatch("[\u4e00-\u9fff]{2,3}[区县市]大队", label):
                label = detachments[0] + label                   # 甲区大队: the detachment's
        out.append((m, label))
    return out


def _own_units_after_body(labelled: list[tuple[Mention, str]], ctx: _Context) -> list[tuple[Mention, str]]:
    """市局纳税服务中心: a unit named right after an abbreviated body that stands for the publisher
    is the publisher's (<publisher>纳税服务中心)."""
    if not ctx.publisher:
        return labelled
    own_ends = {m.span.end for m, label in labelled if m.rule == _RULE_BODY and label == ctx.publisher}
    out = []
    for m, label in labelled:
        if m.span.start in own_ends and m.rule != _RULE_BODY and _level_word(label) is None \
                and not label.startswith(ctx.publisher):
            label = ctx.publisher + label
            own_ends.add(m.span.end + 1)      # 市局第一、第二稽查局: the next listed unit too
        out.append((m, label))
    return out


def _short_form_of_longer(label: str, labels: set[str], ctx: _Context, place_level: dict) -> str:
    """Returns the full name a short form stands for: the publisher's name without its national
    prefix (某市税务局 in 国家税务总局某市税务局), a body another label writes after a national body
    (某省税务局 → 国家税务总局某省税务局), or <place>局 with the publisher's line of work
    (某区局 → 某区税务局); else ``label``."""
    national = tuple(rules().raw.get("standalone_bodies", {}))
    within = [other for other in labels if other != label and other.endswith(label)
              and other[:-len(label)] in place_level and label[:1] not in _LEVEL_OF_WORD]
    if len(within) == 1:
        return within[0]      # 某村卫生室 after 某镇某村卫生室: the body named in full once
    if ctx.publisher and label != ctx.publisher and ctx.publisher.endswith(label) and ctx.area \
            and label.startswith(ctx.area):
        return ctx.publisher
    longer = [other for other in labels if other != label and other.endswith(label)
              and other[:-len(label)] in national]
    if len(longer) == 1:
        return longer[0]
    expanded = [full for short, full in rules().raw.get("department_abbreviations", {}).items()
                if short.endswith("中心") and full in label]
    if expanded:       # 某区医保中心 (read 医疗保障中心) for 某区医疗保障事务中心, named once in full
        head = label[:label.index(expanded[0]) + len(expanded[0]) - 2]
        fuller = [o for o in labels if o != label and o.startswith(head) and o.endswith("中心")
                  and 1 <= len(o) - len(label) <= 4]
        if len(fuller) == 1:
            return fuller[0]
    dept = ctx.department
    branch = rules().raw.get("short_branch_suffix")
    if branch and ctx.publisher and label.endswith(branch) and not label.startswith(ctx.publisher) \
            and _level_word(label) is None and any(o.startswith(ctx.publisher) and o.endswith(branch)
                                                   and len(o) > len(ctx.publisher) + len(branch) for o in labels):
        return ctx.publisher + label     # 某某分局 when the report writes <publisher>甲分局: the publisher's
    family = _sibling_family(label, labels)
    if family:
        return family
    if dept and branch and label.endswith(branch) and 2 <= len(label) - len(branch) <= 3 \
            and _level_word(label) is None and any(other.endswith(dept + branch) for other in labels):
        return label[:-len(branch)] + dept + branch     # 某某分局 → 某某税务分局
    if dept and label.endswith("局") and label[:-1] in place_level:
        full = label[:-1] + dept + "局"
        return _short_form_of_longer(full, labels, ctx, place_level) if full != label else label
    return label


def _sibling_family(label: str, labels: set[str]) -> str | None:
    """乙中队 → 乙街道执法中队 when every sibling the report writes in full (甲街道执法中队) has the same
    middle word between a 2-3 character stem and the suffix; else None."""
    suffix = next((x for x in rules().raw.get("short_family_suffixes", ()) if label.endswith(x)), None)
    if suffix is None or not 2 <= len(label) - len(suffix) <= 3 or _level_word(label) is not None:
        return None
    stem = label[:-len(suffix)]
    same = [o for o in labels if o != label and o.startswith(stem) and o.endswith(suffix)
            and 2 <= len(o) - len(label) <= 6 and not any(c in o[len(stem):-len(suffix)] for c in "局厅委院府")]
    if len(same) == 1:
        return same[0]          # 甲中队 after 甲街道执法中队: the same unit
    middles = set()
    for other in labels:
        if other != label and other.endswith(suffix) and not other.startswith(stem):
            for n in (2, 3):
                middle = other[n:-len(suffix)]
                if len(middle) >= 2 and len(other) - len(suffix) - n <= 6 and other[:n] != stem and \
                        middle.startswith(("街道", "镇", "乡", "社区", "区", "县")) and \
                        not any(c in middle for c in "局厅委院府"):
                    middles.add(middle)
                    break
    return stem + middles.pop() + suffix if len(middles) == 1 else None


def _full_units(bare: set[str], labels: set[str], ctx: _Context, places: tuple[str, ...]) -> dict[str, str]:
    """Returns the full name of each bare unit name that has one: 刑事侦查大队 → 某县公安局刑事侦查大队
    (or 执法总队 → 某省某某综合执法总队) when the report writes that after a body's or a place's name
    (and no other unit of the same name); 交警大队 reads as 交通警察大队; else 法制大队 →
    <publisher>法制大队 for a bureau's own 大队 (own_unit_suffixes)."""
    raw = rules().raw
    short = raw.get("unit_short_forms", {})
    ends = tuple(raw.get("unit_parent_ends", ()))
    out: dict[str, str] = {}
    own = next((tuple(v) for k, v in raw.get("own_unit_suffixes", {}).items()
                if ctx.publisher and ctx.publisher.endswith(k)), ())
    for label in sorted(bare):
        forms = {label}
        for s, full in short.items():
            if s in label:
                forms.add(label.replace(s, full))
        longer = sorted(other for other in labels if other not in bare and any(
            other.endswith(f) and (other[:-len(f)].endswith(ends) or other.startswith(places))
            for f in forms))
        if len(longer) == 1:
            out[label] = longer[0]
        elif not longer and own and label.endswith(own) and not label.endswith(ends):
            out[label] = ctx.publisher + label
    return out


def _level_prefixed(label: str) -> bool:
    """区行政复议局, 县政府法律顾问团, 街道综治中心: a lone level word, then a name that is no place's."""
    raw = rules().raw
    word = _level_word(label)
    if word is None or len(label) < len(word) + 2:
        return False
    after = label[len(word)]
    not_followed_by = raw.get("org_level_prefix_not_followed_by", ())
    if after in _LEVEL_OF_CHAR:     # 县市场监督管理局: 市 begins 市场, not a city
        return label[len(word) + 1] in not_followed_by \
            or label.startswith(tuple(raw.get("org_level_prefix_compound_words", ())), len(word))
    return after not in not_followed_by or label.startswith(tuple(raw.get("place_followed_by_words", ())), len(word))


def _entities(b: _Builder, org_kind: dict[str, OrgKind], ctx: _Context,
              publisher_key: str | None) -> tuple[Entity, ...]:
    raw = rules().raw
    places = {label: b.extra[(k, label)].get("place_level") for (k, label) in b.mentions
              if k is MentionKind.PLACE}
    out = []
    for (kind, label), ms in b.mentions.items():
        key = entity_key(kind, label)
        extra = b.extra[(kind, label)]
        parent = place = None
        if kind is MentionKind.ORGANIZATION and publisher_key and key != publisher_key:
            for rule in raw["unit_parents"]:
                if label.endswith(rule["unit_suffix"]) and (ctx.publisher or "").endswith(rule["parent_suffix"]):
                    if not rule["same_place"] or (ctx.area and label.startswith(ctx.area)):
                        parent = publisher_key
                        break
            if org_kind.get(label) is OrgKind.JUDICIAL_OFFICE:
                full = raw["abbreviated_office"]["full"]
                stem = label[:-len(full)] if label.endswith(full) else label
                levels = {PlaceLevel(v) for v in raw["office_place_levels"]}
                served = sorted(p for p, lv in places.items() if p.startswith(stem) and lv in levels)
                place = entity_key(MentionKind.PLACE, served[0]) if served and stem else None
        if kind is MentionKind.PROGRAM:
            place = extra.get("place")
        ordered = tuple(sorted(ms, key=lambda m: (m.span.start, m.span.end, m.rule)))
        out.append(Entity(key, kind, label, ordered,
                          org_kind=org_kind.get(label) if kind is MentionKind.ORGANIZATION else None,
                          place_level=extra.get("place_level") if kind is MentionKind.PLACE else None,
                          parent=parent, place=place, aliases=tuple(sorted(b.aliases[(kind, label)]))))
    return tuple(sorted(out, key=lambda e: (e.kind.value, e.label, e.key)))
