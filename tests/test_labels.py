"""Pinyin and English labels of the bundled report's organizations and places."""
import pytest

from kg.labels import english, pinyin, pinyin_name, split_kind

# (Chinese name as the report writes it, English label)
ENGLISH = [
    ("丰门司法所", "Fengmen Judicial Office"),
    ("鹿城区法律援助中心", "Lucheng District Legal Aid Center"),
    ("鹿城区司法局", "Lucheng District Justice Bureau"),
    ("浙江省司法厅", "Zhejiang Provincial Department of Justice"),
    ("区司法局", "District Justice Bureau"),
    ("省厅", "Provincial Department"),
    ("退役军人法律援助工作站", "Veterans Legal Aid Workstation"),
    ("退役军人律师服务团", "Veterans Lawyer Service Team"),
    ("温州广播电视台", "Wenzhou Radio and Television Station"),
    ("七都街道", "Qidu Subdistrict"),
    ("藤桥镇", "Tengqiao Town"),
    ("温州市", "Wenzhou City"),
    ("温州市鹿城区", "Wenzhou City Lucheng District"),
    ("浙江省", "Zhejiang Province"),
    ("丁桥社区", "Dingqiao Community"),
    ("律所", "Law Firm"),
    ("中华人民共和国", "People's Republic of China"),
    ("“两个健康”法治研究中心", '"Lianggejiankang" Rule of Law Research Center'),
    ("丁桥社区鞋艺小镇法治文化圈", "Dingqiao Community Xieyi Town Rule of Law Culture Circle"),
]

PINYIN = [
    ("七都街道", "Qīdū Jiēdào"),          # 都 is dū in place names, not dōu
    ("七都司法所", "Qīdū Sīfǎsuǒ"),
    ("鹿城区", "Lùchéng Qū"),
    ("鹿城区法律援助中心", "Lùchéng Qū Fǎlǜyuánzhù Zhōngxīn"),
    ("仰义街道", "Yǎngyì Jiēdào"),
]


@pytest.mark.parametrize("name, expected", ENGLISH)
def test_english_label_is_pinyin_name_plus_translated_kind(name, expected):
    assert english(name) == expected


@pytest.mark.parametrize("name, expected", PINYIN)
def test_pinyin_label_uses_place_readings(name, expected):
    assert pinyin_name(name) == expected


def test_pinyin_marks_syllable_boundaries_and_umlaut():
    assert pinyin("西安", tones=False) == "Xi'an"
    assert pinyin("律所", tones=False) == "Lüsuo"


@pytest.mark.parametrize("name, expected", [
    ("丰门司法所", ("丰门", "司法所")),
    ("五马所", ("五马", "所")),
    ("七都街道", ("七都", "街道")),
    ("退役军人法律援助工作站", ("退役军人", "法律援助工作站")),
    ("江心明月", ("江心明月", None)),
])
def test_split_kind_takes_the_longest_suffix_of_the_table(name, expected):
    assert split_kind(name) == expected


def test_every_label_of_the_bundled_report_is_ascii_english(built):
    """No Chinese character is left in any English label the build writes."""
    from rdflib import Literal
    from rdflib.namespace import SKOS

    g, _ = built
    labels = [str(o) for o in g.objects(None, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en"]
    assert len(labels) >= 30
    bad = [s for s in labels if not all(ord(c) < 0x2E80 for c in s)]
    assert bad == []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from rdflib import Graph

    from kg.pipeline import build

    out = tmp_path_factory.mktemp("labels-build")
    build(["data/reports"], out, page=False)
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return g, out
