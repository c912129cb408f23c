"""`liulin plan new` on reports as a hostile or unlucky user hands them over (#23.3, #23.5, #20.4): every file is
made by the test itself; each case is run through the command line, under a memory cap, and must end in seconds
with a clear exit code and a message naming the file or the limit."""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from liulin_data.apps.extract.read import (
    DOCX_MAX_PARTS,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNPACKED,
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    read_report,
)

MEMORY_CAP = 3 * 2**30  # bytes of address space for one `liulin plan new`: a bomb must not need more
SECONDS = 60  # a refused file is refused in seconds (the subprocess is killed after this)
PLAN = "二、2026年工作安排\n原煤产量完成3600万吨以上。新增城镇就业4000人以上。\n"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _capped() -> None:  # runs in the child before exec: the memory cap of the bomb tests
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def plan_new(report: Path, out: Path, year: int = 2026) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", "plan", "new", str(report), "--region", "柳林县",
         "--year", str(year), "--out", str(out)],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=_capped, env=dict(os.environ),
    )  # fmt: skip


def _docx(path: Path, body_xml: str) -> Path:
    """A minimal .docx whose body is ``body_xml`` (WordprocessingML paragraphs)."""
    import docx

    document = docx.Document()
    document.save(str(path))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body_xml}'
        "</w:body></w:document>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _p(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tracked_changes(path: Path) -> Path:
    """原煤产量完成3600万吨以上 with 3600 deleted and 3800 inserted (tracked), and a moved sentence."""
    ins = f'<w:ins w:id="1" w:author="审核人" w:date="2026-01-20T00:00:00Z">{_r("3800")}</w:ins>'
    dele = (
        '<w:del w:id="2" w:author="审核人" w:date="2026-01-20T00:00:00Z">'
        "<w:r><w:delText>3600</w:delText></w:r></w:del>"
    )
    body = _p(_r("二、2026年工作安排")) + _p(
        _r("原煤产量完成"), dele, ins, _r("万吨以上。新增城镇就业4000人以上。")
    )
    return _docx(path, body)


def zip_bomb(path: Path, size: int, parts: int = 1) -> Path:
    """A .docx whose extra parts unpack to ``size`` bytes of zeros in all (written in chunks: never in memory)."""
    tracked_changes(path)
    chunk = b"\0" * 2**20
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        for k in range(parts):
            with z.open(f"word/media/pad{k}.bin", "w", force_zip64=True) as f:
                left = size // parts
                while left > 0:
                    f.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
    return path


def many_parts(path: Path) -> Path:
    tracked_changes(path)
    with zipfile.ZipFile(path, "a") as z:
        for k in range(DOCX_MAX_PARTS + 1):
            z.writestr(f"word/media/p{k}.xml", b"<x/>")
    return path


def lying_meta(path: Path, charset: str) -> Path:
    page = (
        f'<html><head><meta charset="{charset}"><title>报告</title></head><body>'
        "<h2>二、2026年工作安排</h2><p>原煤产量完成3600万吨以上。新增城镇就业4000人以上。</p></body></html>"
    )
    path.write_bytes(page.encode("utf-8"))  # the bytes are UTF-8 whatever the meta says
    return path


def ascii_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" * 200 + b"%%EOF\n")
    return path


def mojibake(path: Path) -> Path:
    path.write_text(PLAN.encode("utf-8").decode("latin-1"), encoding="utf-8")  # UTF-8 read as Latin-1, saved
    return path


def too_large(path: Path) -> Path:
    with path.open("wb") as f:  # sparse: the size is there, the disk is not used
        f.truncate(MAX_FILE_BYTES + 1)
    return path


def too_long(path: Path) -> Path:
    path.write_text(PLAN + "各项工作扎实推进。" * (MAX_TEXT_CHARS // 9 + 1), encoding="utf-8")
    return path


def no_plan_part(path: Path) -> Path:
    path.write_text(
        "2026年某县政府工作报告\n一、2025年工作回顾\n过去一年，地区生产总值完成120亿元，同比增长5.2%。\n",
        encoding="utf-8",
    )
    return path


def device(path: Path) -> Path:
    return Path("/dev/zero")


# case → (make the file, exit code, words the message must hold, the coal target proposed or None)
CASES = {
    "docx_tracked_changes": (
        lambda p: tracked_changes(p / "报告.docx"),
        0,
        ["含 2 处修订", "接受全部修订"],
        "3800",
    ),
    "html_meta_iso_8859_1": (lambda p: lying_meta(p / "r.html", "iso-8859-1"), 0, [], "3600"),
    "html_meta_utf_16": (lambda p: lying_meta(p / "r.html", "utf-16"), 0, [], "3600"),
    "ascii_pdf_as_txt": (lambda p: ascii_pdf(p / "报告.txt"), 2, ["报告.txt", "几乎没有中文"], None),
    "mojibake": (lambda p: mojibake(p / "乱码.txt"), 2, ["乱码.txt", "几乎没有中文"], None),
    "file_over_the_limit": (
        lambda p: too_large(p / "大.txt"),
        2,
        ["大.txt", f"上限 {MAX_FILE_BYTES // 2**20} MB"],
        None,
    ),
    "text_over_the_limit": (
        lambda p: too_long(p / "长.txt"),
        2,
        ["长.txt", f"上限 {MAX_TEXT_CHARS:,} 个"],
        None,
    ),
    "docx_unpacks_too_large": (
        lambda p: zip_bomb(p / "炸弹.docx", DOCX_MAX_UNPACKED + 2**20),
        2,
        ["炸弹.docx", f"上限 {DOCX_MAX_UNPACKED // 2**20} MB"],
        None,
    ),
    "docx_unpack_ratio": (
        lambda p: zip_bomb(p / "比.docx", 8 * 2**20),
        2,
        ["比.docx", f"上限 {DOCX_MAX_RATIO} 倍"],
        None,
    ),
    "docx_too_many_parts": (
        lambda p: many_parts(p / "多.docx"),
        2,
        ["多.docx", f"上限 {DOCX_MAX_PARTS} 个"],
        None,
    ),
    "a_device": (lambda p: device(p), 2, ["/dev/zero", "不是普通文件"], None),
    "no_plan_part": (
        lambda p: no_plan_part(p / "回顾.txt"),
        1,
        ["没有找到2026年的工作安排部分", "未写入"],
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_reports(tmp_path, case):
    make, code, words, coal = CASES[case]
    report = make(tmp_path)
    out = tmp_path / "plan"
    done = plan_new(report, out)
    said = done.stdout + done.stderr
    assert done.returncode == code, said
    assert "Traceback" not in said and all(w in said for w in words), said
    if coal is None:
        assert not (out / "targets.csv").exists()  # nothing written for a refused report
        return
    with (out / "targets.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    coal_rows = [r for r in rows if r["indicator"] == "原煤产量"]
    assert [r["target"] for r in coal_rows] == [coal] and coal_rows[0]["source_quote"] in (
        out / "report.txt"
    ).read_text(encoding="utf-8")


def test_tracked_changes_are_read_as_accepted(tmp_path):
    notes: list[str] = []
    text = read_report(tracked_changes(tmp_path / "报告.docx"), notes)
    assert "原煤产量完成3800万吨以上。" in text and "3600" not in text
    assert notes == ["报告.docx 含 2 处修订：已按“接受全部修订”后的文字读取（删除的文字不计）"]


def test_wrong_year_is_said(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(PLAN, encoding="utf-8")
    done = plan_new(path, tmp_path / "plan", year=2027)  # 二、2026年工作安排
    assert done.returncode == 2 and "本年度部分是2026年的" in done.stderr and "--year 2027" in done.stderr
    review = tmp_path / "r2.txt"
    review.write_text("一、2025年工作回顾\n过去一年，地区生产总值完成120亿元。\n", encoding="utf-8")
    done = plan_new(review, tmp_path / "plan", year=2027)  # no year of the plan anywhere
    assert done.returncode == 1 and "没有出现“2027年”" in done.stderr and not (tmp_path / "plan").exists()
