"""Plans as people leave them (#23.4): every plan.yaml and targets.csv value a user can get wrong is a
``liulin plan check`` problem naming the file, line, column and value, and every other command says it in one
Chinese line (exit 2), never an internal error (exit 4). A local plan that hides a shipped one of its name is
announced by every command. A proposal can be looked at before its review (#20.5).

Each case is a row of a table; each test makes its own plan folder from the shipped one.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from liulin_data.apps.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, main
from liulin_data.apps.plan_check import check_plan
from liulin_data.plan.folder import load_plan, shipped_plans_dir

SHIPPED = shipped_plans_dir() / "liulin-2026"


def _export(folder: Path, name: str = "values-2026") -> Path:
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("__pycache__"))
    _yaml(folder, "name: liulin-2026", f"name: {name}")
    return folder


def _yaml(folder: Path, old: str, new: str) -> None:
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _rows(folder: Path, name: str = "targets.csv") -> list[list[str]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(folder: Path, rows: list[list[str]], name: str = "targets.csv") -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _cell(column: str, value: str, line: int = 2):
    """Set ``column`` of targets.csv's line ``line`` (header = line 1) to ``value``."""

    def edit(folder: Path) -> None:
        rows = _rows(folder)
        rows[line - 1][rows[0].index(column)] = value
        _write(folder, rows)

    return edit


def _set(old: str, new: str):
    return lambda folder: _yaml(folder, old, new)


def _header(old: str, new: str):
    def edit(folder: Path) -> None:
        rows = _rows(folder)
        rows[0][rows[0].index(old)] = new
        _write(folder, rows)

    return edit


def _gbk_report(folder: Path) -> None:
    text = (folder / "report.txt").read_text(encoding="utf-8")
    (folder / "report.txt").write_bytes(text.encode("gbk"))


SAMPLE = "sample:\n  actuals: sample_actuals.csv\n  milestones: sample_milestones.csv\n"
# (id, the edit, the plan check problem (file, line, column), words of the message every other command prints)
CASES = [
    ("deadline-2026-02-30", _cell("deadline", "2026-02-30"), ("targets.csv", 2, "deadline"), "截止日期"),
    ("target-1e309", _cell("target", "1e309"), ("targets.csv", 2, "target"), "不是有限的合理数值"),
    ("target-1e308", _cell("target", "1e308"), ("targets.csv", 2, "target"), "不是有限的合理数值"),
    ("target-high-inf", _cell("target_high", "inf", 3), ("targets.csv", 3, "target_high"), "目标"),
    ("release-lag-days-99999999999-in-targets", _cell("release_lag_days", "99999999999"),
     ("targets.csv", 2, "release_lag_days"), "发布滞后天数"),
    ("release-lag-days-abc", _set("release_lag_days: 25", "release_lag_days: abc"),
     ("plan.yaml", None, "release_lag_days"), "release_lag_days"),
    ("release-lag-days-1e11", _set("release_lag_days: 25", "release_lag_days: 1e11"),
     ("plan.yaml", None, "release_lag_days"), "release_lag_days"),
    ("release-lag-days-10-to-the-11", _set("release_lag_days: 25", "release_lag_days: 100000000000"),
     ("plan.yaml", None, "release_lag_days"), "release_lag_days"),
    ("sample-as-a-string", _set(SAMPLE, "sample: sample_actuals.csv\n"), ("plan.yaml", None, "sample"), "sample"),
    ("sample-file-outside", _set("actuals: sample_actuals.csv", "actuals: /etc/passwd"),
     ("plan.yaml", None, "sample.actuals"), "计划文件夹以外"),
    ("timezone-on-mars", _set("timezone: Asia/Shanghai", "timezone: Mars/Olympus_Mons"),
     ("plan.yaml", None, "timezone"), "不是已知的时区"),
    ("report-outside-the-folder", _set("report: report.txt", "report: ../liulin-2026/report.txt"),
     ("plan.yaml", None, "report"), "计划文件夹以外"),
    ("year-as-words", _set("year: 2026", "year: 二〇二六"), ("plan.yaml", None, "year"), "year"),
    ("targets-csv-with-a-wrong-header", _header("kind", "type"), ("targets.csv", 1, None), "表头"),
    ("report-saved-as-gbk", _gbk_report, ("report.txt", None, None), "GBK"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_bad_plan_value_is_a_problem_and_a_clear_exit_2(tmp_path, capsys, case):
    _, edit, where, words = case
    folder = _export(tmp_path / "plan")
    edit(folder)
    found = [(p.file, p.line, p.column) for p in check_plan(folder).problems]
    assert where in found, found
    assert main(["plan", "check", str(folder)]) == EXIT_FAILED
    capsys.readouterr()
    for argv in (["progress", "--as-of", "2026-03"], ["targets"]):
        assert main([*argv, "--plan", str(folder)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert err.startswith("错误：") and words in err and "内部错误" not in err, err


def test_a_wrong_header_is_one_problem(tmp_path):
    folder = _export(tmp_path / "plan")
    _header("kind", "type")(folder)
    assert [(p.file, p.line) for p in check_plan(folder).problems] == [("targets.csv", 1)]


def test_the_timezone_is_checked_before_a_briefing(tmp_path, capsys):
    folder = _export(tmp_path / "plan")
    _yaml(folder, "timezone: Asia/Shanghai", "timezone: Mars/Olympus_Mons")
    code = main(["brief", "--plan", str(folder), "--as-of", "2026-03", "--out", str(tmp_path / "O")])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT and "timezone 不是已知的时区（值：'Mars/Olympus_Mons'）" in err
    assert not (tmp_path / "O").exists()


def test_values_people_write_that_are_fine(tmp_path, capsys):
    folder = _export(tmp_path / "plan")
    rows = _rows(folder)
    coal = next(r for r in rows if r[rows[0].index("indicator_id")] == "raw_coal_output")
    coal[rows[0].index("target")] = "3,600"  # a thousands separator: the same 3600
    coal[rows[0].index("release_lag_days")] = "0"
    _write(folder, rows)
    _yaml(folder, "release_lag_days: 25", "release_lag_days: 0")
    assert [p.column for p in check_plan(folder).problems if p.file != "report.txt"] == []
    plan = load_plan(folder)
    assert plan.release_lag_days == 0  # a 0-day lag is kept (it read as the default 25)
    assert main(["targets", "--plan", str(folder), "--domain", "energy"]) == EXIT_OK
    assert ">= 3600" in capsys.readouterr().out


# ------------------------------------------------------------------------------- a local plan, every command
def _notebooks(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("as_of = ''\nactuals = []\ntargets = ''\nplan = ''\nsnapshot = ''",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(as_of)"),
    ]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "00_overview.ipynb")
    (folder / "p").mkdir()
    (folder / "p" / "demo.yaml").write_text("kind: 测试简报\nnotebooks: [00_overview]\n", encoding="utf-8")
    return folder


SHADOW = "注意：计划“liulin-2026”用的是 {local}，不是随包附带的同名计划"
# (id, the command line: {tmp} the working folder, where ./plans/liulin-2026 hides the shipped plan)
EVERY_COMMAND = [
    ("targets", ["targets"]),
    ("progress", ["progress", "--as-of", "2026-03"]),
    ("check", ["check", "{tmp}/a.csv"]),
    ("template", ["template", "--out", "{tmp}/模板.xlsx"]),
    ("brief", ["brief", "demo", "--as-of", "2026-03", "--out", "{tmp}/O", "--params-dir", "{tmp}/nb/p",
               "--notebooks-dir", "{tmp}/nb", "--quiet"]),
    ("brief-by-name", ["brief", "demo", "--plan", "liulin-2026", "--as-of", "2026-03", "--out", "{tmp}/O2",
                       "--params-dir", "{tmp}/nb/p", "--notebooks-dir", "{tmp}/nb"]),
    ("plans", ["plans"]),
    ("plan-export", ["plan", "export", "liulin-2026", "{tmp}/copy"]),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("case", EVERY_COMMAND, ids=[c[0] for c in EVERY_COMMAND])
def test_a_local_plan_hiding_a_shipped_one_is_announced_by_every_command(tmp_path, monkeypatch, capsys, case):
    local = _export(tmp_path / "plans" / "liulin-2026", name="liulin-2026")
    _notebooks(tmp_path / "nb")
    (tmp_path / "a.csv").write_text(
        "指标,时期,数值,单位,口径\n原煤产量,2026-03,312.3,万吨,当月\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _, argv = case
    assert main([a.format(tmp=tmp_path) for a in argv]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.count(SHADOW.format(local=local.resolve())) == 1, err


def test_a_plan_given_by_its_folder_is_not_announced(tmp_path, monkeypatch, capsys):
    _export(tmp_path / "plans" / "liulin-2026", name="liulin-2026")
    monkeypatch.chdir(tmp_path)
    for plan in ("plans/liulin-2026", str(SHIPPED)):
        assert main(["targets", "--plan", plan]) == EXIT_OK
        assert "注意：" not in capsys.readouterr().err


# ------------------------------------------------------------------------------- a proposal before review
def _proposal(folder: Path, name: str = "proposal-2026", reviews: int = 3, broken: bool = True) -> Path:
    """The shipped plan as `liulin plan new` leaves a proposal: a review column, ``reviews`` rows to check, the
    first of them with a unit no one can read (the reason it waits)."""
    _export(folder, name)
    _yaml(folder, SAMPLE, "")  # a proposal has no sample
    rows = _rows(folder)
    rows[0].append("review")
    for k, row in enumerate(rows[1:], start=1):
        row.append("单位待核对" if k <= reviews else "")
    if broken:
        rows[1][rows[0].index("unit")] = "万亩亩"
    _write(folder, rows)
    return folder


def test_a_proposal_is_tracked_before_its_review_with_a_banner(tmp_path, capsys):
    folder = _proposal(tmp_path / "proposal")
    assert main(["progress", "--plan", str(folder), "--as-of", "2026-10"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == (
        f"计划未复核：3 行待复核（其中 1 行有问题，复核前不跟踪：targets.csv 第2行）。复核后清空 review 列，"
        f"再运行 liulin plan check {folder.resolve()}\n"
    )
    assert "粮食播种面积" not in captured.out and "原煤产量" in captured.out  # the broken row is left out
    assert (
        load_plan(folder).pending_reviews == 3 and load_plan(folder).review_banner == "计划未复核：3 行待复核"
    )
    report = check_plan(folder)  # plan check still says what is wrong with it
    assert [(p.file, p.line, p.column) for p in report.problems] == [("targets.csv", 2, "unit")]
    assert len(report.reviews) == 3


def test_a_reviewed_plan_with_a_real_problem_names_plan_check(tmp_path, capsys):
    folder = _proposal(tmp_path / "reviewed", reviews=0)
    assert main(["progress", "--plan", str(folder), "--as-of", "2026-10"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"请运行 liulin plan check {folder.resolve()}" in err and "targets.csv 第2行" in err
    assert "liulin check " not in err


@pytest.mark.slow
def test_a_briefing_of_a_plan_with_rows_to_review_says_so(tmp_path, capsys):
    folder = _proposal(tmp_path / "proposal", broken=False)
    nb = _notebooks(tmp_path / "nb")
    argv = ["brief", "demo", "--plan", str(folder), "--as-of", "2026-03", "--out", str(tmp_path / "O"),
            "--params-dir", str(nb / "p"), "--notebooks-dir", str(nb), "--quiet"]  # fmt: skip
    assert main(argv) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("计划未复核：3 行待复核。")  # even with --quiet
    (manifest,) = (tmp_path / "O").glob("2026-03/*/manifest.json")
    assert json.loads(manifest.read_text(encoding="utf-8"))["plan"]["pending_reviews"] == 3
