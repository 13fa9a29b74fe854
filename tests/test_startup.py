"""What `kg build` loads: the same results without the costly parts of its dependencies."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Names whose pinyin depends on pypinyin's phrase table (重 zhòng, 行 xíng, 长 zhǎng alone),
# on our readings (都 dū in place names) or on neither.
NAMES = ["重庆市", "中国人民银行", "长城", "银行行长", "成都", "七都街道", "调处纠纷", "一丁不识",
         "朝阳区", "乐清市", "人民调解委员会", "法律援助中心", "西安", "女", "蚌埠"]

_SCRIPT = """
import json, sys
whole = sys.argv[1] == "whole"
if whole:
    import pypinyin  # loaded first: it holds its whole phrase table
from kg import labels
if sys.argv[2] != "-":
    labels._PhraseFile.budget = int(sys.argv[2])
names = json.loads(sys.argv[3])
out = [[labels.pinyin(n), labels.pinyin(n, tones=False), labels.pinyin_name(n)] for n in names]
from pypinyin.constants import PHRASES_DICT
print(json.dumps({"out": out, "phrases_held": len(PHRASES_DICT)}))
"""


def _pinyin_run(mode: str, budget: str = "-") -> dict:
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, mode, budget, json.dumps(NAMES)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_pinyin_with_phrases_read_on_demand_equals_pypinyin_with_its_whole_table():
    whole = _pinyin_run("whole")
    on_demand = _pinyin_run("on-demand")
    switched = _pinyin_run("on-demand", "3")  # past 3 look-ups the whole table is loaded
    assert whole["phrases_held"] == switched["phrases_held"] > 40000
    assert on_demand["phrases_held"] < 200
    assert on_demand["out"] == whole["out"] == switched["out"]
    readings = dict(zip(NAMES, (row[0] for row in on_demand["out"])))
    assert readings["重庆市"] == "Chóngqìngshì"       # a phrase of pypinyin's table, not zhòng
    assert readings["中国人民银行"] == "Zhōngguórénmínyínháng"
    assert readings["银行行长"] == "Yínhánghángzhǎng"
    assert readings["成都"] == "Chéngdū"              # our readings win over pypinyin's


def test_simplified_report_is_read_without_loading_zhconv():
    code = ("import sys; from kg.reader import read_document; "
            "doc = read_document(sorted(__import__('glob').glob('data/reports/*.txt'))[0]); "
            "print(doc.script, 'zhconv' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["zh-Hans", "False"]


def test_characters_zhconv_changes_are_all_in_the_bound():
    zhconv = pytest.importorskip("zhconv")
    from kg.reader import _changeable

    _changeable.cache_clear()
    bound = _changeable()
    _changeable.cache_clear()
    assert bound is not None and "設" in bound and "报" not in bound
    chars = "".join(map(chr, range(0x4E00, 0xA000)))
    simple = zhconv.convert(chars, "zh-hans")
    assert len(simple) == len(chars)
    changed = {c for c, s in zip(chars, simple) if c != s}
    changed |= {c for c in chars if zhconv.convert(c, "zh-hans") != c}
    assert len(changed) > 2000 and changed <= bound


def test_a_core_command_imports_no_other_command_module():
    code = ("import sys; from kg.cli import main, COMMAND_MODULES; main(['query', '--list']); "
            "print('loaded:', *[m for m in COMMAND_MODULES if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "loaded:"
    help_text = subprocess.run([sys.executable, "-m", "kg", "--help"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout
    assert "serve" in help_text and "synth" in help_text
