"""Returns synthetic reports of the genre (法治政府建设年度报告), for benchmarks and corpus tests.

Each report is assembled from the parts in ``kg/rules/synth.yaml``: a district whose name is drawn
from syllable lists, its townships, figures, honours, laws, programmes, officials, a layout (with or without the portal header,
full-width or ASCII punctuation, ``一是`` or ``1.`` items) and a year. Report ``i`` of seed ``s``
is the same text whatever ``count`` is, so a corpus of 100 is the first 100 of a corpus of 1,000.

>>> a = synthetic_report(0, seed=1); a.text == synthetic_report(0, seed=1).text
True
>>> "调解成功率" in a.text
True
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .resources import load_yaml, resource_path

__all__ = ["SyntheticReport", "synthetic_report", "write_corpus", "register", "district_count"]


@dataclass(frozen=True)
class SyntheticReport:
    """One synthetic report and the facts it was made from (what a reader should find)."""

    name: str               # file name: synth-00042-2021.txt
    text: str
    district: str           # 某某区
    bureau: str             # 某某区司法局
    year: int
    mediation_rate: Decimal  # the 调解成功率 written in the text, in percent


@lru_cache(maxsize=1)
def _parts() -> dict:
    return load_yaml(resource_path("kg", "rules", "synth.yaml"))


def district_count() -> int:
    """Returns how many distinct district names the syllable lists give."""
    p = _parts()
    return len(p["first_syllables"]) * len(p["second_syllables"]) * len(p["district_kinds"])


def _district(index: int) -> str:
    """Returns the district name of index ``index`` (names repeat after :func:`district_count`)."""
    p = _parts()
    firsts, seconds, kinds = p["first_syllables"], p["second_syllables"], p["district_kinds"]
    n = index % district_count()
    return firsts[n % len(firsts)] + seconds[(n // len(firsts)) % len(seconds)] + \
        kinds[n // (len(firsts) * len(seconds))]


def _township(rng: random.Random, district: str) -> tuple[str, str]:
    """Returns (stem, kind) of a township of ``district``: ("梅庄", "镇")."""
    p = _parts()
    while True:
        stem = rng.choice(p["first_syllables"]) + rng.choice(p["second_syllables"])
        if stem != district[:2]:
            return stem, rng.choice(p["township_kinds"])


def synthetic_report(index: int, seed: int = 0) -> SyntheticReport:
    """Returns synthetic report number ``index`` of ``seed`` (deterministic).

    Districts cycle through the syllable combinations and years through 2019–2023, so a corpus
    names the same district in several years (and the same bureau in several reports).
    """
    p = _parts()
    rng = random.Random(f"kg-synth-{seed}-{index}")
    district = _district(index // 5)           # five years per district
    year = 2019 + index % 5
    bureau = f"{district}司法局"
    sep = rng.choice(p["separators"])
    c = sep["comma"]
    townships = dict(sorted(_township(rng, district) for _ in range(4)))  # stem → kind
    towns = sorted(townships)
    rate = Decimal(rng.randint(9500, 9999)) / 100
    received = rng.randint(1000, 30000)
    solved = int(received * rate / 100)
    slots = {"district": district, "bureau": bureau, "year": year, "c": c}

    def fill(template: str, **extra) -> str:
        return template.format(**slots, **extra)

    def figures() -> dict:
        return {"n1": rng.randint(10, 9000), "n2": rng.randint(5, 900), "n3": rng.randint(3, 600),
                "rate": f"{rng.randint(3000, 9999) / 100:.2f}", "money": f"{rng.randint(2, 49) / 10}",
                "town": (town := rng.choice(towns)), "place": town + townships[town],
                "kind": district[-1], "person": rng.choice(p["surnames"]) + rng.choice(p["given_names"])}

    lines: list[str] = []
    if rng.random() < 0.7:  # the portal header of a published page
        lines += [f"索引号 {rng.randint(10**14, 10**15 - 1)}/{year + 1}-{rng.randint(10000, 99999)}",
                  f"组配分类 计划总结 发布机构 区司法局",
                  f"生成日期 {year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} 公开方式 主动公开", ""]
    lines += [f"{bureau}{year}年法治政府建设年度报告", ""]
    honours = rng.sample(p["honours"], k=rng.randint(1, len(p["honours"])))
    lines.append(fill(rng.choice(p["openings"])) +
                 "".join(fill(h, town=(t := rng.choice(towns)), place=t + townships[t]) for h in honours))
    lines.append("")
    titles = rng.sample(p["section_titles"], k=rng.randint(4, len(p["section_titles"])))
    statements = dict(p["statements"])
    mediation = fill(statements.pop("mediation"), n1=received, n2=solved, rate=f"{rate:.2f}",
                     money=f"{rng.randint(2, 49) / 10}")
    others = sorted(statements)
    mediation_at = rng.randrange(len(titles))
    numbered = rng.random() < 0.5
    for s, title in enumerate(titles):
        lines += [f"{p['ordinals'][s]}、{title}。", ""]
        items = [fill(statements[k], **figures()) for k in rng.sample(others, k=rng.randint(2, 3))]
        if s == mediation_at:
            items.insert(rng.randrange(len(items) + 1), mediation)
        if numbered:
            lines += [f"{n}.{item}" for n, item in enumerate(items, 1)]
        else:
            lines.append("".join(f"{p['ordinals'][n]}是{item}" for n, item in enumerate(items)))
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return SyntheticReport(f"synth-{seed:03d}-{index:06d}-{year}.txt", text, district, bureau, year, rate)


def write_corpus(out_dir: str | Path, count: int, seed: int = 0) -> list[Path]:
    """Writes ``count`` synthetic reports into ``out_dir`` (UTF-8 .txt); returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        r = synthetic_report(i, seed)
        path = out / r.name
        path.write_text(r.text, encoding="utf-8")
        paths.append(path)
    return paths


def _cmd_synth(args) -> int:
    from .errors import EXIT_OK, InputError

    if args.count < 0:
        raise InputError(f"--count must be 0 or more, not {args.count}", code="E130")
    paths = write_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} synthetic report(s) into {args.out}/")
    return EXIT_OK


def register(subparsers) -> None:
    """Adds ``kg synth`` (synthetic reports for benchmarks) to the command line."""
    s = subparsers.add_parser("synth", help="write synthetic reports of the genre (for benchmarks)")
    s.add_argument("--count", type=int, default=100, metavar="N", help="how many reports (default: 100)")
    s.add_argument("--out", required=True, metavar="DIR", help="the folder to write them into")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="the random seed (default: 0)")
    s.set_defaults(func=_cmd_synth)
