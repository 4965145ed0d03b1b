"""Section 五: split, problem vs. measure, labels, links and flags (own fixtures + the seeds)."""

from __future__ import annotations

import pytest

from mining.model import Section
from mining.problems import analyze_problems, is_generic, load_model
from mining.problems.split import split_section
from tests.conftest import gold_for, seed_paths


@pytest.fixture(scope="module")
def model():
    return load_model()


def _section(
    body: str, prefix: str = "四、行政复议情况\n本年度无。\n五、存在的主要问题及改进情况\n"
) -> tuple[str, Section]:
    text = prefix + body + "\n六、其他需要报告的事项\n无。\n"
    start = len(prefix)
    return text, Section("problems", "存在的主要问题及改进情况", start, start + len(body), start - 15, "五")


INLINE = (
    "本年度我局政务公开工作取得了一定成效，但仍存在以下问题：一是网站栏目更新不够及时，部分动态信息发布滞后。"
    "二是政策解读形式单一，图解和视频解读较少。三是兼职信息员流动较大，业务培训不足。\n"
    "下一步，我局将采取以下措施：一是建立栏目更新提醒制度，做到信息及时发布。二是丰富解读形式，"
    "推出图解、短视频等解读产品。三是加强信息员队伍建设，定期开展业务培训。"
)

HEADED = (
    "（一）存在的主要问题\n"
    "1.公开内容不够丰富，重点领域信息公开深度不足。\n"
    "2.政务新媒体运营活跃度不高。\n"
    "（二）改进措施\n"
    "1.聚焦重点领域，扩大主动公开范围。\n"
    "2.加强微信公众号运营管理，提升传播力。\n"
)

SEMICOLONS = (
    "对照上级要求，主要问题是：保密审查制度执行不够严格；意见征集反馈较为简略；个别答复文书说理不够充分。"
    "今后，我办将严格落实“三审”制度，及时公开意见采纳情况，规范答复文书。"
)


def test_inline_lists_split_into_problems_and_measures_in_order(model):
    text, sec = _section(INLINE)
    a = analyze_problems(text, sec, model=model)
    assert [p.labels[0] for p in a.problems] == ["timeliness", "interpretation_response", "staff_capacity"]
    assert len(a.improvements) == 3
    assert [m.addresses for m in a.improvements] == [(0,), (1,), (2,)]
    for item in a.problems + a.improvements:
        assert text[item.start : item.end] == item.text
    assert a.problems[0].text.startswith("网站栏目更新")  # the 「一是」 marker is not part of the item
    assert not any("以下问题" in p.text for p in a.problems)  # the intro is neither
    assert a.flags == ()


def test_headings_decide_kind_and_line_items_keep_offsets(model):
    text, sec = _section(HEADED)
    a = analyze_problems(text, sec, model=model)
    assert [p.text for p in a.problems] == [
        "公开内容不够丰富，重点领域信息公开深度不足。",
        "政务新媒体运营活跃度不高。",
    ]
    assert a.problems[0].labels[0] == "content_depth"
    assert a.problems[1].labels[0] == "channels_newmedia"
    assert [m.addresses for m in a.improvements] == [(0,), (1,)]
    assert all(abs(sum(p.scores.values())) > 0 and 0 <= min(p.scores.values()) for p in a.problems)


def test_semicolon_list_and_single_measure_sentence(model):
    text, sec = _section(SEMICOLONS)
    a = analyze_problems(text, sec, model=model)
    assert [p.labels[0] for p in a.problems] == ["mechanisms", "participation", "application_handling"]
    assert len(a.improvements) == 1 and a.improvements[0].text.startswith("今后")
    assert set(a.improvements[0].addresses) >= {0}


def test_unordered_measures_link_by_topic_not_position(model):
    body = (
        "存在的问题：一是政府网站检索功能不够精准。二是部分干部公开意识淡薄。\n"
        "改进措施：一是组织干部学习《条例》，增强公开意识。二是优化网站检索功能，方便群众查找。"
    )
    text, sec = _section(body)
    a = analyze_problems(text, sec, model=model)
    assert [p.labels[0] for p in a.problems] == ["platform", "awareness"]
    assert [m.addresses for m in a.improvements] == [(1,), (0,)]


def test_flags_empty_generic_and_no_measures(model):
    text, sec = _section("无。")
    assert analyze_problems(text, sec, model=model).flags == ("empty",)
    text, sec = _section(
        "我单位政务公开工作还存在一些不足，与上级要求相比还有一定差距，今后将继续努力，不断提高工作水平。"
    )
    assert "generic" in analyze_problems(text, sec, model=model).flags
    text, sec = _section("存在的主要问题：一是信息发布不够及时。二是政策解读形式单一，群众不易理解。")
    a = analyze_problems(text, sec, model=model)
    assert len(a.problems) == 2 and a.flags == ("no_measures",)
    assert analyze_problems(text, None, model=model).problems == ()


def test_is_generic_tells_stock_wording_from_an_object():
    assert is_generic("工作中还存在一些不足之处")
    assert is_generic("与群众期待相比还有差距")
    assert not is_generic("网站栏目更新不够及时")
    assert not is_generic("公开的信息不够全面")


def test_without_a_model_the_structure_still_works():
    text, sec = _section(INLINE)
    a = analyze_problems(text, sec, model=None)
    assert len(a.problems) == 3 and len(a.improvements) == 3
    assert a.problems[1].labels[0] == "interpretation_response"  # from the taxonomy cue words


def test_split_roles_of_a_headed_paragraph():
    body = "**（一）存在的问题。**一是目录更新不及时。二是数字化水平不高。\n**（二）改进情况。**一是动态更新目录。二是推进数字化建设。"
    text, sec = _section(body)
    roles = [(p.role, p.text) for p in split_section(text, sec.start, sec.end)]
    assert roles[0][0] == "heading" and "存在的问题" in roles[0][1]
    assert [r for r, _ in roles].count("item") == 4
    assert roles[3][0] == "heading"


SEEDS = seed_paths()


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_problems_found_labelled_and_measures_counted(path, model):
    from mining.readers import read_document
    from mining.sections import segment_sections

    gold = gold_for(path)
    doc = read_document(path)
    sec = next(s for s in segment_sections(doc.text) if s.key == "problems")
    a = analyze_problems(doc.text, sec, model=model)
    for g in gold["problems"]:
        match = [p for p in a.problems if g["snippet"] in p.text]
        assert match, g["snippet"]
        assert match[0].labels[0] in g["accept"], (g["snippet"], match[0].labels)
    assert len(a.improvements) >= gold["improvements_min"]
    assert len(a.problems) == len(gold["problems"])  # no measure or intro counted as a problem


NUMBERED_SHORT = (
    "对照条例要求，我局工作还存在以下问题：\n"
    "1.主动公开意识还不够强。\n"
    "2.网站栏目更新不及时等问题。\n"
    "3.解读材料形式单一的问题。\n"
    "下一步，我局将强化公开意识，建立栏目更新提醒制度，丰富解读形式。\n"
)


def test_a_short_numbered_problem_naming_itself_a_problem_is_no_heading(model):
    text, sec = _section(NUMBERED_SHORT)
    a = analyze_problems(text, sec, model=model)
    assert [p.text for p in a.problems] == [
        "主动公开意识还不够强。",
        "网站栏目更新不及时等问题。",
        "解读材料形式单一的问题。",
    ]
    assert len(a.improvements) == 1


def test_the_last_numbered_item_ends_where_the_measures_begin(model):
    body = (
        "对照条例要求，仍存在一些问题：\n"
        "1.信息发布审核流程执行不够严格。\n"
        "2.政务新媒体互动较少。今后，我局将严格执行三审制度，加强政务新媒体运营，提升互动水平。\n"
    )
    text, sec = _section(body)
    a = analyze_problems(text, sec, model=model)
    assert [p.text for p in a.problems] == ["信息发布审核流程执行不够严格。", "政务新媒体互动较少。"]
    assert [m.text[:2] for m in a.improvements] == ["今后"]
    assert "no_measures" not in a.flags


@pytest.mark.parametrize("turn", ["下步，", "在下一步工作中，", "新的一年，"])
def test_colloquial_turns_to_the_measures(model, turn):
    body = (
        "我局政务公开工作仍存在一些不足：一是政策解读形式单一。二是网站栏目更新不够及时。"
        f"{turn}我局将进一步加强对政务公开工作的认识，推动工作迈上新台阶。"
    )
    text, sec = _section(body)
    a = analyze_problems(text, sec, model=model)
    assert len(a.problems) == 2
    # a measure in stock words is a measure all the same once the turn is read (whether it addresses
    # a problem is L103's business)
    assert len(a.improvements) == 1 and a.improvements[0].text.startswith(turn[:2])


@pytest.mark.parametrize(
    "body",
    [
        "一是政策解读形式单一。针对这一问题，我局将丰富解读形式，推出图解产品。"
        "二是网站栏目更新不够及时。对此，我局将建立栏目更新提醒制度。",
        "（一）政策解读形式单一。改进措施：丰富解读形式，推出图解产品。\n"
        "（二）网站栏目更新不够及时。改进措施：建立栏目更新提醒制度。",
        "1.政策解读形式单一。下一步将丰富解读形式，推出图解产品。\n"
        "2.网站栏目更新不够及时。下一步将建立栏目更新提醒制度。",
    ],
    ids=["inline", "labelled", "numbered"],
)
def test_each_problem_followed_by_its_measure(model, body):
    text, sec = _section(body)
    a = analyze_problems(text, sec, model=model)
    assert [p.text for p in a.problems] == ["政策解读形式单一。", "网站栏目更新不够及时。"]
    assert len(a.improvements) == 2
    assert [m.addresses for m in a.improvements] == [(0,), (1,)]


def test_circled_numbers_survive_normalisation_and_split_the_problems(model):
    from mining.normalize import normalize_text

    body = normalize_text(
        "存在的问题：①网站栏目更新不够及时，部分动态信息发布滞后。②政策解读形式单一，图解较少。"
        "③兼职信息员流动较大，业务培训不足。\n下一步，我局将加强栏目维护、丰富解读形式、定期开展培训。"
    )
    text, sec = _section(body)
    a = analyze_problems(text, sec, model=model)
    assert [p.text[:4] for p in a.problems] == ["网站栏目", "政策解读", "兼职信息"]
