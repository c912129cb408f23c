"""exports.py: formula-like text neutralised in every CSV and .xlsx the project writes, numbers kept; files
written atomically, never over an analyst's file, a folder, a device or a read-only file; failures named."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from liulin_data.core.exceptions import OutputError
from liulin_data.files.exports import (
    check_output,
    csv_text,
    os_error_text,
    safe_cell,
    safe_frame,
    save_file,
    write_csv,
)
from tests.hostile import full_disk, read_only_folder


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-较上月减少", "'-较上月减少"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-8.7+cmd|' /C calc'!A0", "'-8.7+cmd|' /C calc'!A0"),
        # genuine numbers stay numbers
        ("-8.7", "-8.7"),
        ("+3", "+3"),
        ("-1,234.5", "-1,234.5"),
        ("-8.7%", "-8.7%"),
        ("-.5", "-.5"),
        ("-1e5", "-1e5"),
        # not formula-like at all
        ("原煤产量", "原煤产量"),
        ("增长-8.7%", "增长-8.7%"),
        (" =1+1", " =1+1"),
        ("", ""),
        (-8.7, -8.7),
        (3600, 3600),
        (None, None),
    ],
)
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_safe_frame_keeps_numbers_and_neutralises_text_names_and_categories():
    frame = pd.DataFrame(
        {
            "indicator": ["=1+1", "原煤产量"],
            "yoy_pct": [-8.7, 3.2],
            "count": [1, -2],
            "status": pd.Categorical(["-", "on_track"]),
            "=bad": ["@x", None],
        }
    )
    safe = safe_frame(frame)
    assert safe["indicator"].tolist() == ["'=1+1", "原煤产量"]
    assert safe["yoy_pct"].tolist() == [-8.7, 3.2] and safe["yoy_pct"].dtype == float
    assert safe["count"].tolist() == [1, -2]
    assert safe["status"].tolist() == ["'-", "on_track"]
    assert list(safe.columns) == ["indicator", "yoy_pct", "count", "status", "'=bad"]
    assert safe["'=bad"].iloc[0] == "'@x" and pd.isna(safe["'=bad"].iloc[1])
    assert frame["indicator"].tolist() == ["=1+1", "原煤产量"]  # the caller's frame is not changed


def test_csv_text_reads_back_as_text_and_numbers():
    frame = pd.DataFrame({"note": ['=HYPERLINK("http://x","y")', "-8.7"], "value": [-8.7, 1.0]})
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows == [["note", "value"], ['\'=HYPERLINK("http://x","y")', "-8.7"], ["-8.7", "1.0"]]


def test_write_csv_to_a_stream_and_to_a_file(tmp_path):
    frame = pd.DataFrame({"指标": ["=1+1"], "数值": [-8.7]})
    stream = io.StringIO()
    assert write_csv(frame, stream) is None
    assert stream.getvalue() == "指标,数值\n'=1+1,-8.7\n"
    path = write_csv(frame, tmp_path / "out" / "表.csv")  # the folder is made
    assert path.read_bytes() == "\ufeff指标,数值\n'=1+1,-8.7\n".encode()  # a BOM: Excel reads the Chinese
    assert pd.read_csv(path)["数值"].tolist() == [-8.7]


def test_an_existing_file_is_kept_unless_overwrite(tmp_path):
    path = tmp_path / "已填写.csv"
    path.write_text("分析员的数据\n", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        write_csv(pd.DataFrame({"a": [1]}), path)
    assert info.value.reason == "exists" and info.value.path == path
    assert str(info.value) == (
        f"{path} 已存在，没有覆盖（其中可能有已填写的内容）：要替换它请加 --force（Python 中 overwrite=True），"
        "要保留它请换一个文件名"
    )
    assert path.read_text(encoding="utf-8") == "分析员的数据\n"
    write_csv(pd.DataFrame({"a": [1]}), path, overwrite=True)
    assert path.read_text(encoding="utf-8-sig") == "a\n1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["已填写.csv"]  # no temp file left


def test_never_over_a_folder_a_device_a_read_only_file_or_below_a_file(tmp_path):
    read_only = tmp_path / "只读.csv"
    read_only.write_text("x\n", encoding="utf-8")
    read_only.chmod(0o444)
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    cases = {
        tmp_path: (
            "folder",
            f"无法写入 {tmp_path}：这是一个文件夹；请给出文件的路径（在文件夹后加上文件名）",
        ),
        read_only: ("read_only", f"{read_only} 是只读文件，没有替换：如确要替换，请先取消它的只读属性"),
        tmp_path / "a_file" / "x.csv": (
            "not_a_folder",
            f"无法写入 {tmp_path / 'a_file' / 'x.csv'}：{tmp_path / 'a_file'} 是一个文件，不是文件夹；请换一个路径",
        ),
    }
    if os.path.exists(os.devnull):
        cases[os.devnull] = (
            "not_a_file",
            f"无法写入 {os.devnull}：这不是普通文件（可能是设备或管道），没有替换；请换一个文件名",
        )
    for path, (reason, message) in cases.items():
        with pytest.raises(OutputError) as info:
            save_file(path, "y", overwrite=True)
        assert (info.value.reason, str(info.value)) == (reason, message)
    assert read_only.read_text(encoding="utf-8") == "x\n"


def test_a_read_only_folder_is_named(tmp_path):
    with read_only_folder(tmp_path / "只读文件夹") as folder:
        with pytest.raises(OutputError) as info:
            save_file(folder / "表.csv", "y")
        assert info.value.reason == "no_permission"
        assert (
            str(info.value)
            == f"无法写入 {folder / '表.csv'}：没有权限：请换一个有权限的位置，或请管理员开放权限"
        )
        assert list(folder.iterdir()) == []


def test_a_full_disk_leaves_the_earlier_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "表.csv"
    path.write_text("上次的结果\n", encoding="utf-8")
    full_disk(monkeypatch)
    with pytest.raises(OutputError) as info:
        write_csv(pd.DataFrame({"a": range(1000)}), path, overwrite=True)
    assert info.value.reason == "no_space"
    assert (
        str(info.value) == f"无法写入 {path}：磁盘空间不足：请清理磁盘或换一个位置后重试（原有的文件未改动）"
    )
    assert path.read_text(encoding="utf-8") == "上次的结果\n"
    assert [p.name for p in tmp_path.iterdir()] == ["表.csv"]


def test_check_output_passes_a_new_file_and_an_existing_one_when_asked(tmp_path):
    assert check_output(tmp_path / "新" / "x.csv") == tmp_path / "新" / "x.csv"
    (tmp_path / "x.csv").write_text("x", encoding="utf-8")
    assert check_output(tmp_path / "x.csv", overwrite=True) == tmp_path / "x.csv"


def test_os_error_text_names_the_path_in_chinese():
    import errno

    assert os_error_text(FileNotFoundError(errno.ENOENT, "No such file", "/x/r.txt")) == (
        "无法访问 /x/r.txt：找不到该文件或文件夹：请检查路径"
    )
    assert os_error_text(OSError(errno.ENOSPC, "No space left"), "reports") == (
        "无法写入 reports：磁盘空间不足：请清理磁盘或换一个位置后重试"
    )
    assert os_error_text(OSError(errno.EIO, "Input/output error"), "x") == "无法访问 x：Input/output error"


# the plan folder's own CSVs (targets.csv …) are the plan's data, read back verbatim by catalog and plan_check
# (quotes must match the report): not for neutralising
PLAN_FILE_WRITERS = {"apps/extract/propose.py"}


def test_every_csv_and_xlsx_writer_goes_through_exports():
    """A writer that bypasses exports.py would write formula-like text as it is: none may exist."""
    package = Path(__file__).resolve().parents[1] / "liulin_data"
    writers = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|\.to_excel\(|openpyxl\.Workbook\(")
    found = {}
    for path in package.rglob("*.py"):
        rel = path.relative_to(package).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            if writers.search(line) and rel not in {"files/exports.py", *PLAN_FILE_WRITERS}:
                found.setdefault(rel, []).append(line.strip())
    assert found == {
        "apps/template.py": ["wb = openpyxl.Workbook()"]
    }  # its cells go through safe_cell (tested)


def test_the_scorecard_csv_is_written_through_exports(tmp_path, monkeypatch):
    import liulin_data.apps.scorecard as scorecard

    frame = pd.DataFrame(
        {c: ['=HYPERLINK("http://x","y")' if c == "target_quote" else "-"] for c in scorecard.COLUMNS}
    )
    monkeypatch.setattr(scorecard, "scorecard_html", lambda df: "<!DOCTYPE html>")
    scorecard.save_scorecard(frame, tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "scorecard.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["target_quote"] == '\'=HYPERLINK("http://x","y")' and rows[0]["unit"] == "'-"
