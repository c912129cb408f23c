"""No traceback for any user error, in any command (issue #11).

The whole command-line surface — every command × a bad path, a bad as_of, a bad plan, a bad file — run as a
user runs it (one subprocess each): exit 2, nothing on stderr that looks like a traceback, and a Chinese
message naming the path. Then, in-process (``main([...])``), what a subprocess cannot stage: a full disk, a
read-only folder for root, an internal error (a short message and the log file holding the traceback),
Ctrl-C and a closed pipe.
"""

from __future__ import annotations

import errno
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from liulin_data.apps.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, main
from tests.hostile import DATA, full_disk, liulin, read_only_folder

CJK = re.compile(r"[\u4e00-\u9fff]")
# what a bad --plan says, whatever the command
NO_PLAN = "错误：找不到计划“{tmp}/nowhere”：既不是含 plan.yaml 的文件夹，也不是已知计划名"
# a plan folder whose plan.yaml names a report file that is not there
NO_REPORT = "错误：无法访问 {tmp}/broken-2026/report.txt：找不到该文件或文件夹：请检查路径"

# (id, arguments, environment, what stderr says) — {tmp} is the test's folder, {data} tests/data; every case
# exits 2 with no traceback and a Chinese message naming the path
SURFACE = [
    # liulin targets
    ("targets-plan-missing", ["targets", "--plan", "{tmp}/nowhere"], {}, [NO_PLAN]),
    ("targets-plan-a-file", ["targets", "--plan", "{tmp}/a_file"], {}, ["找不到计划“{tmp}/a_file”"]),
    ("targets-plan-no-report", ["targets", "--plan", "{tmp}/broken-2026"], {}, [NO_REPORT]),
    # liulin progress
    ("progress-as-of-year-0", ["progress", "--as-of", "0000-01"], {}, ["无法识别的月份“0000-01”：年份 0 不合理"]),
    ("progress-as-of-month-13", ["progress", "--as-of", "2026-13"], {}, ["“2026-13”：月份应在 1 到 12 之间"]),
    ("progress-as-of-other-year", ["progress", "--as-of", "2025-03"], {}, ["截至月份 2025-03 不在", "2026-01 至 2026-12"]),
    ("progress-plan-missing", ["progress", "--plan", "{tmp}/nowhere", "--as-of", "2026-03"], {}, [NO_PLAN]),
    ("progress-plan-no-report", ["progress", "--plan", "{tmp}/broken-2026", "--as-of", "2026-03"], {}, [NO_REPORT]),
    ("progress-actuals-missing", ["progress", "--as-of", "2026-03", "--actuals", "{tmp}/nowhere.csv"], {}, ["nowhere.csv: 文件不存在（值：'{tmp}/nowhere.csv'）"]),
    ("progress-actuals-folder", ["progress", "--as-of", "2026-03", "--actuals", "{tmp}/folder"], {}, ["folder: 这是一个文件夹，不是文件（值：'{tmp}/folder'）"]),
    ("progress-actuals-device", ["progress", "--as-of", "2026-03", "--actuals", os.devnull], {}, ["不是普通文件", os.devnull]),
    ("progress-actuals-xls", ["progress", "--as-of", "2026-03", "--actuals", "{tmp}/old.xls"], {}, ["old.xls: 无法读取旧版 .xls 文件"]),
    ("progress-actuals-field-over-128kb", ["progress", "--as-of", "2026-03", "--actuals", "{data}/unclosed_quote.csv"], {}, ["unclosed_quote.csv 第3行: 此行有一格超过 128 KB"]),
    ("progress-targets-missing", ["progress", "--as-of", "2026-03", "--targets", "{tmp}/nowhere.csv"], {}, ["nowhere.csv: 找不到目标覆盖文件"]),
    # liulin check
    ("check-missing", ["check", "{tmp}/nowhere.csv"], {}, ["错误：{tmp}/nowhere.csv 不是可读取的文件（见上表）"]),
    ("check-folder", ["check", "{tmp}/folder"], {}, ["错误：{tmp}/folder 不是可读取的文件（见上表）"]),
    ("check-device", ["check", os.devnull], {}, [f"错误：{os.devnull} 不是可读取的文件"]),
    ("check-plan-missing", ["check", "--plan", "{tmp}/nowhere", "{data}/long_utf8.csv"], {}, [NO_PLAN]),
    ("check-plan-no-report", ["check", "--plan", "{tmp}/broken-2026", "{data}/long_utf8.csv"], {}, [NO_REPORT]),
    # liulin template
    ("template-out-folder", ["template", "--out", "{tmp}/folder"], {}, ["错误：无法写入 {tmp}/folder：这是一个文件夹"]),
    ("template-out-existing", ["template", "--out", "{tmp}/filled.xlsx"], {}, ["错误：{tmp}/filled.xlsx 已存在，没有覆盖", "--force"]),
    ("template-out-below-a-file", ["template", "--out", "{tmp}/a_file/模板.xlsx"], {}, ["无法写入 {tmp}/a_file/模板.xlsx：{tmp}/a_file 是一个文件，不是文件夹"]),
    ("template-out-device", ["template", "--out", os.devnull, "--force"], {}, [f"无法写入 {os.devnull}：这不是普通文件"]),
    ("template-out-not-xlsx", ["template", "--out", "{tmp}/模板.csv"], {}, ["无法写入 {tmp}/模板.csv：填报模板是 Excel 工作簿"]),
    ("template-out-read-only-file", ["template", "--out", "{tmp}/read_only.xlsx", "--force"], {}, ["{tmp}/read_only.xlsx 是只读文件，没有替换"]),
    ("template-plan-missing", ["template", "--plan", "{tmp}/nowhere", "--out", "{tmp}/new.xlsx"], {}, [NO_PLAN]),
    # liulin brief (each fails before any notebook runs)
    ("brief-out-a-file", ["brief", "--as-of", "2026-03", "--out", "{tmp}/a_file"], {}, ["{tmp}/a_file：已有同名的文件或文件夹"]),
    ("brief-out-below-a-file", ["brief", "--as-of", "2026-03", "--out", "{tmp}/a_file/reports"], {}, ["{tmp}/a_file", "路径中有一段是文件而不是文件夹"]),
    ("brief-as-of-year-0", ["brief", "--as-of", "0000-01", "--out", "{tmp}/reports"], {}, ["--as-of: 无法识别的月份“0000-01”：年份 0 不合理"]),
    ("brief-as-of-other-year", ["brief", "--as-of", "2025-03", "--out", "{tmp}/reports"], {}, ["截至月份 2025-03 不在", "2026-01 至 2026-12"]),
    ("brief-plan-missing", ["brief", "--plan", "{tmp}/nowhere", "--as-of", "2026-03", "--out", "{tmp}/reports"], {}, ["找不到计划“{tmp}/nowhere”"]),
    ("brief-actuals-missing", ["brief", "--as-of", "2026-03", "--actuals", "{tmp}/nowhere.csv", "--out", "{tmp}/reports"], {}, ["nowhere.csv: 文件不存在（值：'{tmp}/nowhere.csv'）"]),
    ("brief-actuals-field-over-128kb", ["brief", "--as-of", "2026-03", "--actuals", "{data}/unclosed_quote.csv", "--out", "{tmp}/reports"], {}, ["unclosed_quote.csv 第3行: 此行有一格超过 128 KB", "未生成任何文件"]),
    ("brief-params-missing", ["brief", "nowhere", "--as-of", "2026-03", "--out", "{tmp}/reports"], {}, ["nowhere.yaml: 找不到参数文件", "monthly"]),
    ("brief-params-duplicate-key", ["brief", "dup", "--params-dir", "{tmp}/my_params", "--as-of", "2026-03", "--out", "{tmp}/reports"], {}, ["{tmp}/my_params/dup.yaml: 参数 'kind' 写了两次（第1行和第3行）"]),
    ("brief-params-a-folder", ["brief", "folder", "--params-dir", "{tmp}/my_params", "--as-of", "2026-03", "--out", "{tmp}/reports"], {}, ["无法读取参数文件 {tmp}/my_params/folder.yaml：这是一个文件夹"]),
    ("brief-notebooks-missing", ["brief", "--as-of", "2026-03", "--notebooks-dir", "{tmp}/nowhere", "--out", "{tmp}/reports"], {}, ["找不到笔记本 {tmp}/nowhere/00_overview.ipynb"]),
    # liulin plan export | new | check, scorecard, fonts
    ("plan-export-over-a-file", ["plan", "export", "liulin-2026", "{tmp}/a_file"], {}, ["{tmp}/a_file 已存在"]),
    ("plan-export-below-a-file", ["plan", "export", "liulin-2026", "{tmp}/a_file/new-2027"], {}, ["{tmp}/a_file：已有同名的文件或文件夹", "本次的输出位置：{tmp}/a_file/new-2027"]),
    ("plan-export-plan-missing", ["plan", "export", "{tmp}/nowhere", "{tmp}/new-2027"], {}, ["找不到计划“{tmp}/nowhere”"]),
    ("plan-new-report-missing", ["plan", "new", "{tmp}/nowhere.txt", "--region", "某县", "--year", "2027", "--out", "{tmp}/new-2027"], {}, ["找不到报告文件 {tmp}/nowhere.txt"]),
    ("plan-new-report-a-folder", ["plan", "new", "{tmp}/folder", "--region", "某县", "--year", "2027", "--out", "{tmp}/new-2027"], {}, ["报告 {tmp}/folder 不是普通文件"]),
    ("plan-new-report-xls", ["plan", "new", "{tmp}/old.xls", "--region", "某县", "--year", "2027", "--out", "{tmp}/new-2027"], {}, ["不支持的报告文件类型 old.xls：请提供 .txt、.docx 或 .html 文件"]),
    ("plan-new-out-a-file", ["plan", "new", "{tmp}/report.txt", "--region", "某县", "--year", "2027", "--out", "{tmp}/a_file"], {}, ["无法写入 {tmp}/a_file：已有同名的文件或文件夹"]),
    ("plan-new-out-below-a-file", ["plan", "new", "{tmp}/report.txt", "--region", "某县", "--year", "2027", "--out", "{tmp}/a_file/new-2027"], {}, ["无法写入 {tmp}/a_file/new-2027：路径中有一段是文件而不是文件夹"]),
    ("scorecard-plan-missing", ["scorecard", "--plan", "{tmp}/nowhere", "--next", "{tmp}/nowhere-2"], {}, ["找不到计划“{tmp}/nowhere”"]),
    ("plan-check-missing", ["plan", "check", "{tmp}/nowhere"], {}, ["{tmp}/nowhere 不存在"]),
    ("plan-check-a-file", ["plan", "check", "{tmp}/a_file"], {}, ["{tmp}/a_file 中没有 plan.yaml"]),
    ("fonts-cache-below-a-file", ["fonts"], {"LIULIN_CACHE_DIR": "{tmp}/a_file/cache"}, ["无法访问 {tmp}/a_file/cache：路径中有一段是文件而不是文件夹"]),
]  # fmt: skip


def _hostile_places(tmp: Path) -> None:
    """The paths the table names: a plain file, a folder, filled and read-only files, an old .xls, a plan
    without its report, params files, a work report."""
    (tmp / "a_file").write_text("not a folder\n", encoding="utf-8")
    (tmp / "report.txt").write_text("某县2027年政府工作报告。地区生产总值增长6%左右。\n", encoding="utf-8")
    (tmp / "folder").mkdir()
    (tmp / "filled.xlsx").write_bytes(b"an analyst's figures")
    (tmp / "read_only.xlsx").write_bytes(b"sent to the bureau")
    (tmp / "read_only.xlsx").chmod(0o444)
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # the OLE2 signature of an old .xls
    plan = tmp / "broken-2026"
    plan.mkdir()
    (plan / "plan.yaml").write_text(
        "name: broken-2026\nregion: 某县\nyear: 2026\ntitle: 某县2026年目标任务跟踪\nreport: report.txt\n",
        encoding="utf-8",
    )
    params = tmp / "my_params"
    params.mkdir()
    (params / "dup.yaml").write_text(
        "kind: 月度简报\nnotebooks: [00_overview]\nkind: 又一个\n", encoding="utf-8"
    )
    (params / "folder.yaml").mkdir()


@pytest.fixture(scope="module")
def surface(tmp_path_factory):
    """Every case of SURFACE run once (two at a time), from a folder without params/ or notebooks/."""
    tmp = tmp_path_factory.mktemp("hostile")
    _hostile_places(tmp)
    before = {p.name for p in tmp.iterdir()}
    fill = {"tmp": str(tmp), "data": str(DATA)}

    def run(case):
        _, args, env, _ = case
        return liulin(
            *(a.format(**fill) for a in args), cwd=tmp, env={k: v.format(**fill) for k, v in env.items()}
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip([c[0] for c in SURFACE], pool.map(run, SURFACE), strict=True))
    return tmp, fill, results, before


@pytest.mark.parametrize("case", SURFACE, ids=[c[0] for c in SURFACE])
def test_every_command_on_a_bad_path_exits_2_with_a_chinese_message(surface, case):
    tmp, fill, results, _ = surface
    name, _, _, messages = case
    out = results[name]
    assert out.returncode == EXIT_BAD_INPUT, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    assert CJK.search(out.stderr), out.stderr
    for message in messages:
        assert message.format(**fill) in out.stderr, out.stderr


def test_nothing_was_written_by_the_failed_commands(surface):
    tmp, _, _, before = surface
    assert {p.name for p in tmp.iterdir()} == before  # no reports/, no new plan, no template, no temp file
    assert (tmp / "filled.xlsx").read_bytes() == b"an analyst's figures"
    assert (tmp / "read_only.xlsx").read_bytes() == b"sent to the bureau"
    assert os.path.getsize(os.devnull) == 0 and not os.path.isfile(os.devnull)


# ---- in-process: what a subprocess cannot stage


def test_template_into_a_read_only_folder(tmp_path, capsys):
    with read_only_folder(tmp_path / "只读") as folder:
        code = main(["template", "--out", str(folder / "模板.xlsx")])
        assert list(folder.iterdir()) == []
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert (
        err == f"错误：无法写入 {folder / '模板.xlsx'}：没有权限：请换一个有权限的位置，或请管理员开放权限\n"
    )


def test_template_on_a_full_disk_keeps_the_earlier_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "模板.xlsx"
    path.write_bytes(b"last month's template")
    full_disk(monkeypatch)
    code = main(["template", "--out", str(path), "--force"])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err == f"错误：无法写入 {path}：磁盘空间不足：请清理磁盘或换一个位置后重试（原有的文件未改动）\n"
    assert path.read_bytes() == b"last month's template"
    assert [p.name for p in tmp_path.iterdir()] == ["模板.xlsx"]  # the half-written temp file is gone


def test_brief_on_a_full_disk_names_the_output_folder(tmp_path, capsys, monkeypatch):
    import liulin_data.briefing.render as render

    def no_space(*args, **kwargs):  # a write deep in the renderer, without a file name (as nbconvert's)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(render, "render_many", no_space)
    code = main(["brief", "--as-of", "2026-03", "--out", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err == f"错误：无法写入 {tmp_path / 'reports'}：磁盘空间不足：请清理磁盘或换一个位置后重试\n"


def _boom(*args, **kwargs):
    return 1 / 0


def test_an_internal_error_is_a_short_message_and_a_log_file(tmp_path, capsys, monkeypatch):
    import liulin_data.plan.catalog as catalog

    monkeypatch.setenv("LIULIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(catalog, "load_targets", _boom)
    code = main(["targets", "--domain", "energy"])
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL
    first, second = err.splitlines()
    assert first == "内部错误（程序的缺陷，不是您的数据或操作有误）：ZeroDivisionError: division by zero"
    logs = list((tmp_path / "cache" / "logs").iterdir())
    assert len(logs) == 1 and re.fullmatch(r"liulin-\d{8}-\d{6}-\d+\.log", logs[0].name)
    assert second == f"完整的出错信息已保存到 {logs[0]}；请把这个文件发给维护人员。"
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in _boom" in log and "ZeroDivisionError" in log
    assert "'domain': 'energy'" in log and "liulin-data " in log


def test_an_internal_error_without_a_writable_cache_logs_to_the_temp_folder(tmp_path, capsys, monkeypatch):
    import tempfile

    import liulin_data.plan.catalog as catalog

    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("LIULIN_CACHE_DIR", str(tmp_path / "a_file" / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(catalog, "load_targets", _boom)
    assert main(["targets"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    (log,) = (tmp_path / "tmp").iterdir()
    assert f"完整的出错信息已保存到 {log}" in err and "Traceback" not in err


def test_an_os_error_that_is_no_path_problem_is_an_internal_error(tmp_path, capsys, monkeypatch):
    import liulin_data.plan.catalog as catalog

    def too_many_files(*args, **kwargs):
        raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))

    monkeypatch.setenv("LIULIN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(catalog, "load_targets", too_many_files)
    assert main(["targets"]) == EXIT_INTERNAL
    assert capsys.readouterr().err.startswith(
        "内部错误（程序的缺陷，不是您的数据或操作有误）：OSError: [Errno 24]"
    )


def test_ctrl_c_and_a_closed_pipe(capsys, monkeypatch):
    import liulin_data.plan.catalog as catalog

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(catalog, "load_targets", interrupted)
    assert main(["targets"]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "\n已中断。\n"

    def closed_pipe(*args, **kwargs):  # `liulin targets | head -1`: head has gone
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    monkeypatch.setattr(catalog, "format_targets", closed_pipe)
    monkeypatch.setattr(
        catalog, "load_targets", lambda **kwargs: __import__("pandas").DataFrame({"domain": []})
    )
    assert main(["targets"]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_a_usage_error_is_in_chinese():
    out = liulin("progress", "--as-of")
    assert out.returncode == EXIT_BAD_INPUT
    assert out.stderr.endswith(
        "liulin progress：错误：参数 --as-of 后面要写一个值（liulin progress -h 查看用法）\n"
    )
    out = liulin("brief", "--jobs", "two")
    assert out.stderr.endswith(
        "liulin brief：错误：参数 --jobs 的值 'two' 不是整数（liulin brief -h 查看用法）\n"
    )


def test_brief_into_a_read_only_folder(tmp_path, capsys):
    with read_only_folder(tmp_path / "只读") as folder:
        code = main(["brief", "--as-of", "2026-03", "--out", str(folder / "reports")])
        assert list(folder.iterdir()) == []
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err == f"错误：无法写入 {folder / 'reports'}：没有权限：请换一个有权限的位置，或请管理员开放权限\n"


@pytest.mark.parametrize(
    ("error", "code"),
    [("RenderError", 1), ("LockError", 3), ("PlanError", 2), ("OutputError", 2), ("ParamsError", 2)],
)
def test_main_maps_every_error_of_ours_to_its_exit_code(capsys, monkeypatch, error, code):
    import liulin_data.core.exceptions as exceptions
    import liulin_data.plan.catalog as catalog

    def fail(*args, **kwargs):
        raise getattr(exceptions, error)("某文件.csv：出错了")

    monkeypatch.setattr(catalog, "load_targets", fail)
    assert main(["targets"]) == code
    assert capsys.readouterr().err == "错误：某文件.csv：出错了\n"
