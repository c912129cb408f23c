"""What ``liulin brief`` may touch in ``--out`` (#23.1) and the versions of a briefing made again (#19.9).

Never destroy what liulin did not write: a file of the user's in a briefing folder a run would replace, a folder
liulin did not make, a page of their own called ``OUT/index.html`` stop the run (exit 2) naming them, unless
``--force``, which moves them aside. Every case is a row of a table; each test makes its own files. The
notebooks are one-cell ones; the data are the real engine's, from the plan's sample or a CSV the test writes.

A briefing made again from other data keeps the earlier page as a superseded version (``superseded/<stamp>/``,
listed in the manifest), and ``liulin brief --due`` makes again any month whose data changed since its page was
made, saying which and why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from liulin_data.apps.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, main
from liulin_data.briefing.outfolder import INDEX_RECORD, foreign_entries
from liulin_data.briefing.render import NOTHING_DUE
from tests.notebooks import make_notebook

pytestmark = pytest.mark.slow

LONG = "指标,时期,数值,单位,口径\n"


@pytest.fixture
def run(tmp_path):
    """``liulin brief demo ARGS`` in this process, on a one-cell notebook, into tmp/O; returns (code, out, err)."""
    nbs, pdir = tmp_path / "nbs", tmp_path / "params"
    make_notebook(
        nbs / "00_overview.ipynb", "import os\nassert not os.path.exists('FAIL'), '坏了'\nprint(as_of)"
    )
    pdir.mkdir()
    (pdir / "demo.yaml").write_text("kind: 测试简报\nnotebooks: [00_overview]\n", encoding="utf-8")
    out = tmp_path / "O"

    def brief(*args: str) -> int:
        common = ["brief", "demo", "--out", str(out), "--params-dir", str(pdir), "--notebooks-dir", str(nbs)]
        return main([*common, "--jobs", "1", *args])

    brief.out, brief.nbs = out, nbs
    return brief


# ------------------------------------------------------------------------------------------ #23.1 the table
def _note_in_a_new_folder(out: Path) -> list[Path]:
    note = out / "2026-03" / "demo" / "我的笔记.txt"
    note.parent.mkdir(parents=True)
    note.write_text("三月份要核对的数字", encoding="utf-8")
    return [note]


def _own_index(out: Path) -> list[Path]:
    out.mkdir()
    (out / "index.html").write_text("<html><title>我的主页</title>我的主页</html>", encoding="utf-8")
    return [out / "index.html"]


def _file_where_the_folder_goes(out: Path) -> list[Path]:
    (out / "2026-03").mkdir(parents=True)
    (out / "2026-03" / "demo").write_text("不是文件夹", encoding="utf-8")
    return [out / "2026-03" / "demo"]


def _symlink_as_the_folder(out: Path) -> list[Path]:
    elsewhere = out.parent / "别处"
    elsewhere.mkdir()
    (elsewhere / "重要.txt").write_text("别处的文件", encoding="utf-8")
    (out / "2026-03").mkdir(parents=True)
    os.symlink(elsewhere, out / "2026-03" / "demo")
    return [out / "2026-03" / "demo"]


def _foreign_manifest(out: Path) -> list[Path]:
    """A manifest.json that is not liulin's: the folder is not a briefing."""
    folder = out / "2026-03" / "demo"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"mine": true}', encoding="utf-8")
    (folder / "index.html").write_text("<html>我的</html>", encoding="utf-8")
    return [folder / "index.html", folder / "manifest.json"]


# (id, what the test puts in OUT before the run, exit code, what the message says)
REFUSED = [
    ("a-note-in-a-folder-liulin-did-not-make", _note_in_a_new_folder, ["我的笔记.txt", "不是 liulin 生成的内容"]),
    ("an-index-html-of-the-users", _own_index, ["index.html（不是 liulin 生成的简报归档页）"]),
    ("a-file-where-the-briefing-folder-goes", _file_where_the_folder_goes, ["2026-03/demo"]),
    ("a-symlink-as-the-briefing-folder", _symlink_as_the_folder, ["2026-03/demo"]),
    ("a-manifest-liulin-did-not-write", _foreign_manifest, ["manifest.json", "index.html"]),
]  # fmt: skip


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_what_liulin_did_not_write_stops_the_run(run, capsys, case):
    _, make, says = case
    made = make(run.out)
    before = {p: (p.read_bytes() if p.is_file() else None) for p in made}
    assert run("--as-of", "2026-03") == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--force" in err
    for text in says:
        assert text in err, err
    for path, data in before.items():  # untouched
        assert path.exists() or path.is_symlink()
        assert data is None or path.read_bytes() == data
    assert not (run.out / "2026-03" / "demo" / "00_overview.html").exists()
    assert not list(run.out.glob("moved-aside-*")) and not list(run.out.glob(".staging-*"))


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_force_moves_it_aside_and_deletes_nothing(run, capsys, case):
    _, make, _ = case
    made = make(run.out)
    before = {p.relative_to(run.out): p.read_bytes() for p in made if p.is_file() and not p.is_symlink()}
    assert run("--as-of", "2026-03", "--force") == EXIT_OK
    printed = capsys.readouterr().out
    (aside,) = run.out.glob("moved-aside-*")
    assert f"已移到 {aside}" in printed
    for rel, data in before.items():
        assert (aside / rel).read_bytes() == data  # moved, byte for byte, under its own path
    assert (run.out / "2026-03" / "demo" / "index.html").is_file()
    assert (run.out / "index.html").read_text(encoding="utf-8").count("简报归档") >= 1


def test_a_note_beside_a_briefing_liulin_made_is_kept(run, capsys):
    assert run("--as-of", "2026-03") == EXIT_OK
    folder = run.out / "2026-03" / "demo"
    note = folder / "我的笔记.txt"
    note.write_text("核对过了", encoding="utf-8")
    page = (folder / "index.html").read_bytes()
    assert run("--as-of", "2026-03") == EXIT_BAD_INPUT
    assert str(note) in capsys.readouterr().err
    assert note.read_text(encoding="utf-8") == "核对过了" and (folder / "index.html").read_bytes() == page


# what a run of liulin leaves in OUT is liulin's: a second run goes on
OWN = [
    ("a-briefing-liulin-made", lambda out, run: run("--as-of", "2026-03")),
    ("only-failed-notebooks-of-a-first-run", lambda out, run: _failed_first(out, run)),
    ("an-archive-page-made-before-the-checksum-record", lambda out, run: _legacy_index(out, run)),
    ("a-temporary-file-of-a-killed-write", lambda out, run: _killed_write(out, run)),
]  # fmt: skip


def _failed_first(out: Path, run) -> None:
    (run.nbs / "FAIL").write_text("", encoding="utf-8")
    assert run("--as-of", "2026-03") == EXIT_FAILED
    (run.nbs / "FAIL").unlink()
    assert [p.name for p in (out / "2026-03" / "demo").iterdir()] == ["00_overview.failed.ipynb"]


def _legacy_index(out: Path, run) -> None:
    assert run("--as-of", "2026-02") == EXIT_OK
    (out / INDEX_RECORD).unlink()  # as an archive made by an earlier version of liulin


def _killed_write(out: Path, run) -> None:
    assert run("--as-of", "2026-03") == EXIT_OK
    (out / "2026-03" / "demo" / ".index.html.k3j2h1.tmp").write_bytes(b"<html")


@pytest.mark.parametrize("case", OWN, ids=[c[0] for c in OWN])
def test_what_liulin_left_is_not_in_the_way(run, case):
    _, make = case
    make(run.out, run)
    assert foreign_entries(run.out / "2026-03" / "demo") == []
    assert run("--as-of", "2026-03") == EXIT_OK
    assert (run.out / "2026-03" / "demo" / "index.html").is_file()
    assert not list(run.out.glob("moved-aside-*"))


# ------------------------------------------------------------------------------------- #19.9 the versions
def _actuals(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    body = "".join(f"{name},{period},{value},万吨,当月\n" for name, period, value in rows)
    path.write_text(LONG + body, encoding="utf-8")
    return path


COAL = [("原煤产量", f"2026-0{m}", 300.0 + m) for m in (1, 2, 3)]


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_due_makes_again_a_month_whose_data_changed_and_keeps_the_earlier_page(run, tmp_path, capsys):
    data = _actuals(tmp_path / "月报.csv", COAL)
    assert run("--due", "--actuals", str(data)) == EXIT_OK
    march = run.out / "2026-03" / "demo"
    first = _manifest(march)
    first_page = (march / "index.html").read_bytes()
    assert first["superseded"] == [] and len(first["data_digest"]) == 64
    capsys.readouterr()

    # nothing changed: nothing to make
    assert run("--due", "--actuals", str(data)) == EXIT_OK
    assert NOTHING_DUE in capsys.readouterr().out

    # February revised: February and March are made again (March's year to date holds February), January not
    _actuals(data, [COAL[0], ("原煤产量", "2026-02", 290.0), COAL[2]])
    assert run("--due", "--actuals", str(data)) == EXIT_OK
    printed = capsys.readouterr().out
    assert (
        "待生成 2 份简报：2026-02 demo（重新生成：输入文件已更新：改动 月报.csv）；2026-03 demo（重新生成："
        in printed
    )
    second = _manifest(march)
    (version,) = second["superseded"]
    assert version["generated_at"] == first["generated_at"] and version["reason"] == "输入文件已更新"
    assert (march / version["path"]).read_bytes() == first_page  # the page a leader may have read
    kept = (march / version["path"]).parent
    assert sorted(p.name for p in kept.iterdir()) == [
        "00_overview.html",
        "demo.html",
        "index.html",
        "manifest.json",
    ]
    assert (
        json.loads((kept / "manifest.json").read_text(encoding="utf-8"))["data_digest"]
        == first["data_digest"]
    )
    assert _manifest(run.out / "2026-01" / "demo")["superseded"] == []

    # March revised again: its two earlier pages are both kept, newest first
    _actuals(data, [COAL[0], ("原煤产量", "2026-02", 290.0), ("原煤产量", "2026-03", 280.0)])
    assert run("--due", "--actuals", str(data)) == EXIT_OK
    third = _manifest(march)
    assert [v["generated_at"] for v in third["superseded"]] == [second["generated_at"], first["generated_at"]]
    assert all((march / v["path"]).is_file() for v in third["superseded"])
    assert len({v["path"] for v in third["superseded"]}) == 2


def test_a_new_file_of_a_later_month_makes_only_that_month(run, tmp_path, capsys):
    data = _actuals(tmp_path / "一季度.csv", COAL)
    assert run("--due", "--actuals", str(data)) == EXIT_OK
    march = _manifest(run.out / "2026-03" / "demo")
    april = _actuals(tmp_path / "四月.csv", [("原煤产量", "2026-04", 310.0)])
    capsys.readouterr()
    assert run("--due", "--actuals", str(data), str(april)) == EXIT_OK
    assert "待生成 1 份简报：2026-04 demo（尚未生成）" in capsys.readouterr().out
    assert _manifest(run.out / "2026-03" / "demo") == march


def test_made_again_from_the_same_data_replaces_the_page_and_keeps_the_versions(run, tmp_path):
    data = _actuals(tmp_path / "月报.csv", COAL)
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK
    _actuals(data, [*COAL[:2], ("原煤产量", "2026-03", 280.0)])
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK  # other data: a version
    folder = run.out / "2026-03" / "demo"
    versions = _manifest(folder)["superseded"]
    assert len(versions) == 1
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK  # the same data: no new version
    assert _manifest(folder)["superseded"] == versions and (folder / versions[0]["path"]).is_file()


def test_a_failed_remake_keeps_the_page_and_its_versions(run, tmp_path):
    data = _actuals(tmp_path / "月报.csv", COAL)
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK
    _actuals(data, [*COAL[:2], ("原煤产量", "2026-03", 280.0)])
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK
    folder = run.out / "2026-03" / "demo"
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    _actuals(data, [*COAL[:2], ("原煤产量", "2026-03", 270.0)])
    (run.nbs / "FAIL").write_text("", encoding="utf-8")
    assert run("--due", "--actuals", str(data)) == EXIT_FAILED
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after.pop(Path("00_overview.failed.ipynb"))
    assert after == before


def test_a_manifest_made_before_digests_is_compared_by_its_files(run, tmp_path, capsys):
    data = _actuals(tmp_path / "月报.csv", COAL)
    assert run("--as-of", "2026-03", "--actuals", str(data)) == EXIT_OK
    path = run.out / "2026-03" / "demo" / "manifest.json"
    old = _manifest(path.parent)
    del old["data_digest"], old["superseded"]  # as an earlier version of liulin wrote it
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert run("--due", "--actuals", str(data)) == EXIT_OK  # the same file: up to date
    assert "待生成 2 份简报：2026-01 demo（尚未生成）；2026-02 demo（尚未生成）" in capsys.readouterr().out
    _actuals(data, [*COAL, ("原煤产量", "2026-04", 310.0)])
    assert run("--due", "--actuals", str(data)) == EXIT_OK  # the file changed: made again, with a version
    assert "2026-03 demo（重新生成：输入文件已更新：改动 月报.csv）" in capsys.readouterr().out
    assert _manifest(path.parent)["superseded"][0]["generated_at"] == old["generated_at"]
