"""Returns precision, recall and F1 per kind of a report's extraction against a hand-made gold file.

The gold format (one YAML file per report) is documented in ``tests/gold/README.md``. What counts
as one item, per kind:

========================  ==============================================================
organization, place,      the canonical label (``Entity.label``)
law, program
person                    (name, post)
honour                    (recipient label, honour as written, level, received?)
statistic                 (value as written, measure word as written) — a multiset
========================  ==============================================================

Every kind is scored as a multiset (entities occur once each), so a statistic written twice is
two items. A kind with no gold item and no found item scores 1.0 (nothing to find, nothing found).

``kg eval GOLD [REPORT]`` prints one line per kind; ``--min-f1 X`` makes it exit 1 when a kind is
below X, ``--show`` lists the missed and the spurious items.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_FAILED, EXIT_OK, ConfigError, InputError

__all__ = ["KINDS", "Gold", "KindScore", "Evaluation", "load_gold", "gold_items", "predicted_items",
           "score", "evaluate", "format_scores", "register"]

#: The kinds scored, in the order they are printed.
KINDS = ("organization", "place", "person", "law", "program", "honour", "statistic")
_GOLD_KEYS = {"organization": "organizations", "place": "places", "person": "people", "law": "laws",
              "program": "programs", "honour": "honours", "statistic": "statistics"}


@dataclass(frozen=True)
class Gold:
    """A parsed gold file: where it is, the report it annotates, and its raw lists per kind."""

    path: Path
    report: str | None                      # the report's path as written in the file
    lists: tuple[tuple[str, tuple], ...]    # (gold key, entries), in _GOLD_KEYS order

    def entries(self, kind: str) -> tuple:
        return dict(self.lists).get(_GOLD_KEYS[kind], ())


@dataclass(frozen=True)
class KindScore:
    kind: str
    gold: int
    found: int
    matched: int
    missed: tuple[tuple, ...]               # gold items not found (with repeats), sorted
    spurious: tuple[tuple, ...]             # found items not in the gold (with repeats), sorted

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.found else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class Evaluation:
    gold: Path
    report: Path
    scores: tuple[KindScore, ...]

    def score_of(self, kind: str) -> KindScore:
        return next(s for s in self.scores if s.kind == kind)

    def below(self, min_f1: float) -> tuple[str, ...]:
        """Returns the kinds whose F1 is below ``min_f1`` (compared after rounding to 3 places)."""
        return tuple(s.kind for s in self.scores if round(s.f1, 3) < min_f1)


def load_gold(path: str | Path) -> Gold:
    """Returns the gold file at ``path``, checked for the documented keys."""
    import yaml

    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such gold file; give the path of a YAML file as in tests/gold/",
                         code="E120") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not a readable YAML gold file ({type(exc).__name__}); "
                          "fix it as documented in tests/gold/README.md", code="E320") from None
    if not isinstance(raw, dict) or not any(k in raw for k in _GOLD_KEYS.values()):
        raise ConfigError(f"{p}: a gold file is a mapping with lists such as organizations: and "
                          "statistics:; see tests/gold/README.md", code="E321")
    lists = []
    for kind in KINDS:
        key = _GOLD_KEYS[kind]
        entries = raw.get(key) or []
        if not isinstance(entries, list):
            raise ConfigError(f"{p}: {key}: must be a list; see tests/gold/README.md", code="E322")
        lists.append((key, tuple(entries)))
    return Gold(p, raw.get("report"), tuple(lists))


def _field(entry, name: str, where: str):
    if not isinstance(entry, dict) or name not in entry:
        raise ConfigError(f"{where}: entry {entry!r} has no {name}:; see tests/gold/README.md", code="E323")
    value = entry[name]
    return None if value is None else str(value)


def gold_items(gold: Gold) -> dict[str, Counter]:
    """Returns the gold items per kind, as multisets of comparable tuples."""
    where = str(gold.path)
    out: dict[str, Counter] = {}
    for kind in KINDS:
        items: Counter = Counter()
        for e in gold.entries(kind):
            if kind in ("organization", "place", "program"):
                items[(_field(e, "label", where),)] += 1
            elif kind == "law":
                items[(str(e) if not isinstance(e, dict) else _field(e, "label", where),)] += 1
            elif kind == "person":
                items[(_field(e, "name", where), _field(e, "post", where))] += 1
            elif kind == "honour":
                items[(_field(e, "recipient", where), _field(e, "honour", where), _field(e, "level", where),
                       bool(e.get("received", True)))] += 1
            else:
                items[(_field(e, "value", where), _field(e, "unit", where))] += 1
        out[kind] = items
    return out


def predicted_items(res) -> dict[str, Counter]:
    """Returns what a :class:`kg.model.Resolution` found per kind, as the gold's comparable tuples."""
    from .model import MentionKind

    labels = {e.key: e.label for e in res.entities}
    out: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for e in res.entities:
        if e.kind in (MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.LAW, MentionKind.PROGRAM):
            out[e.kind.value][(e.label,)] += 1
    holders = set()
    for post in res.posts:
        item = (labels.get(post.person), post.post)
        if item not in out["person"]:
            out["person"][item] += 1
        holders.add(post.person)
    for e in res.entities:
        if e.kind is MentionKind.PERSON and e.key not in holders:
            out["person"][(e.label, None)] += 1
    for c in res.conferrals:
        out["honour"][(labels.get(c.recipient), c.honour, c.level.value, True)] += 1
    for a in res.applications:
        out["honour"][(labels.get(a.applicant) if a.applicant else None, a.honour, a.level.value, False)] += 1
    for o in res.observations:
        out["statistic"][(o.detail.value_text, o.detail.unit_text)] += 1
    return out


def _sorted(counter: Counter) -> tuple[tuple, ...]:
    return tuple(sorted(counter.elements(), key=lambda t: tuple("" if x is None else str(x) for x in t)))


def score(gold: dict[str, Counter], found: dict[str, Counter]) -> tuple[KindScore, ...]:
    """Returns one :class:`KindScore` per kind in :data:`KINDS` order."""
    out = []
    for kind in KINDS:
        g, f = gold.get(kind, Counter()), found.get(kind, Counter())
        out.append(KindScore(kind, sum(g.values()), sum(f.values()), sum((g & f).values()),
                             _sorted(g - f), _sorted(f - g)))
    return tuple(out)


def _report_path(gold: Gold, report: str | Path | None) -> Path:
    if report is not None:
        return Path(report)
    if not gold.report:
        raise InputError(f"{gold.path}: the gold file names no report:; give the report's path too",
                         code="E121")
    candidate = Path(gold.report)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    for parent in gold.path.resolve().parents:   # a path relative to the repository root
        if (parent / candidate).exists():
            return parent / candidate
    return candidate


def evaluate(gold_path: str | Path, report: str | Path | None = None) -> Evaluation:
    """Returns the scores of the pipeline on ``report`` (default: the gold's ``report:``)."""
    from .extract import extract_all
    from .reader import read_document
    from .resolve import resolve

    gold = load_gold(gold_path)
    path = _report_path(gold, report)
    doc = read_document(path)
    res = resolve(doc, extract_all(doc))
    return Evaluation(gold.path, path, score(gold_items(gold), predicted_items(res)))


def format_scores(ev: Evaluation, show: bool = False) -> str:
    """Returns the evaluation as a text table (and the differences when ``show``)."""
    lines = [f"gold   {ev.gold}", f"report {ev.report}",
             f"{'kind':<14}{'gold':>6}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}{'F1':>8}"]
    for s in ev.scores:
        lines.append(f"{s.kind:<14}{s.gold:>6}{s.found:>7}{s.matched:>7}"
                     f"{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    if show:
        for s in ev.scores:
            for label, items in (("missed", s.missed), ("spurious", s.spurious)):
                for item in items:
                    lines.append(f"  {s.kind:<13}{label:<9}" + " | ".join("-" if x is None else str(x) for x in item))
    return "\n".join(lines) + "\n"


def _cmd_eval(args) -> int:
    import sys

    ev = evaluate(args.gold, args.report)
    sys.stdout.write(format_scores(ev, show=args.show))
    if args.min_f1 is not None:
        low = ev.below(args.min_f1)
        if low:
            print(f"kg eval: F1 below {args.min_f1} for: {', '.join(low)}", file=sys.stderr)
            return EXIT_FAILED
    return EXIT_OK


def register(subparsers) -> None:
    """Adds ``kg eval`` to the command line."""
    p = subparsers.add_parser("eval", help="score extraction on a report against a hand-made gold file")
    p.add_argument("gold", metavar="GOLD", help="the gold YAML file (format: tests/gold/README.md)")
    p.add_argument("report", nargs="?", default=None, metavar="REPORT",
                   help="the report file (default: the gold's report: entry)")
    p.add_argument("--min-f1", type=float, default=None, metavar="X",
                   help="exit 1 when the F1 of any kind is below X (0–1)")
    p.add_argument("--show", action="store_true", help="list the missed and the spurious items")
    p.set_defaults(func=_cmd_eval)
