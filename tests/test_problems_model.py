"""Model storage safety, retraining from a user's CSV, and the CLI commands."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest
from typer.testing import CliRunner

from cli.app import app
from mining.model import ReadError
from mining.problems.classifier import (
    BUNDLED_DIR,
    ModelError,
    clean_item,
    load_model,
    read_labelled,
    train_from_csv,
)

SMALL = """text,labels,kind
网站栏目设置不够合理,platform,problem
专栏检索功能不完善,platform,problem
门户网站存在断链现象,platform,problem
网站页面导航不清晰,platform,problem
公开平台功能单一,platform,problem
站内搜索结果不准确,platform,problem
信息员多为兼职,staff_capacity,problem
工作人员业务培训不足,staff_capacity,problem
队伍力量薄弱,staff_capacity,problem
人员调整频繁，业务衔接不畅,staff_capacity,problem
缺少专业人才,staff_capacity,problem
工作人员能力不强,staff_capacity,problem
优化网站栏目设置,platform,measure
加强业务培训,staff_capacity,measure
完善检索功能,platform,measure
配齐工作人员,staff_capacity,measure
"""


def test_load_refuses_a_pickle_and_names_the_file(tmp_path):
    bad = tmp_path / "m"
    shutil.copytree(BUNDLED_DIR, bad)
    (bad / "categories.skops").write_bytes(pickle.dumps({"x": 1}))
    with pytest.raises(ModelError, match="categories.skops"):
        load_model(bad)
    with pytest.raises(ReadError, match="not found"):
        load_model(tmp_path / "nowhere")


def test_load_refuses_types_outside_the_allow_list(tmp_path):
    import skops.io as sio
    from sklearn.ensemble import RandomForestClassifier

    bad = tmp_path / "m"
    shutil.copytree(BUNDLED_DIR, bad)
    sio.dump(RandomForestClassifier(n_estimators=1), bad / "kind.skops")
    with pytest.raises(ModelError, match="untrusted types"):
        load_model(bad)


def test_smoke_train_writes_a_loadable_artifact(tmp_path):
    data = tmp_path / "labels.csv"
    data.write_text(SMALL, encoding="utf-8")
    model, metrics = train_from_csv(data, tmp_path / "out")
    loaded = load_model(tmp_path / "out")
    assert loaded.labels == ("staff_capacity", "platform")
    assert loaded.label(loaded.score(["网站检索不方便"])[0])[0] == "platform"
    assert json.loads((tmp_path / "out" / "metrics.json").read_text())["n_train"] == metrics["n_train"]
    assert (tmp_path / "out" / "config.json").is_file() and (tmp_path / "out" / "MODEL_CARD.md").is_file()


def test_bad_labelled_data_is_a_clear_error(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("sentence,label\n网站不好,platform\n", encoding="utf-8")
    with pytest.raises(ModelError, match="columns text and labels"):
        read_labelled(data)
    data.write_text("text,labels,kind\n网站不好,,problem\n好,platform,maybe\n", encoding="utf-8")
    with pytest.raises(ModelError, match="2 bad row"):
        read_labelled(data)


def test_clean_item_strips_markers():
    assert clean_item("（二）网站更新不及时。") == "网站更新不及时"
    assert clean_item("- 3. 人员不足；") == "人员不足"
    assert clean_item("一是解读形式单一") == "解读形式单一"


def test_cli_problems_and_train(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "2024年度政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n"
        "五、存在的主要问题及改进情况\n存在的问题：一是部分栏目更新不够及时。二是兼职人员业务能力不足。\n"
        "改进措施：一是及时更新栏目内容。二是加强业务培训。\n六、其他需要报告的事项\n无。\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    res = runner.invoke(app, ["problems", str(report), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [p["labels"][0] for p in data["problems"]] == ["timeliness", "staff_capacity"]
    assert [m["addresses"] for m in data["improvements"]] == [[0], [1]]
    res = runner.invoke(app, ["problems", str(report)])
    assert "timeliness" in res.output and "addresses 1" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    res = runner.invoke(app, ["train", "--data", str(bad), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "columns text and labels" in res.output
    res = runner.invoke(app, ["problems", str(report), "--model", str(tmp_path / "none")])
    assert res.exit_code == 2 and "model directory not found" in res.output
