"""Briefing rendering: real papermill + nbconvert runs on small notebooks made in tmp dirs.

Most tests replace the data snapshot (``local._snapshot`` / ``render._latest_month``) by a small fixed one so
they test the render machinery alone; ``test_real_sample_data`` uses the real progress engine.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from liulin_data.briefing import local, render
from liulin_data.briefing import page as briefing_page
from liulin_data.briefing.params import BriefingParams
from liulin_data.briefing.prepare import DataSnapshot, data_digest
from liulin_data.core.exceptions import ActualsError, LockError, RenderError
from liulin_data.core.statuses import STATUS_LABELS
from liulin_data.files import atomic as files

REPO = Path(__file__).resolve().parent.parent
FAILING_NB = REPO / "tests" / "data" / "notebooks" / "failing.ipynb"
DATA_LATEST = "2026-03"  # the fake data has actuals up to this month

PARAMS_CELL = "as_of = '2026-10'\nactuals = []\ndomains = []\nlanguage = 'zh'\ninteractive = True"


def make_notebook(path: Path, *cells: str, title: str = "测试笔记本") -> Path:
    """A notebook with a papermill parameters cell, a heading and the given code cells."""
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    nb.cells = [
        nbformat.v4.new_code_cell(PARAMS_CELL, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell(f"# {title}\n\n## 小节一\n\n说明文字。"),
        *[nbformat.v4.new_code_cell(c) for c in cells],
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


PLOT_CELL = textwrap.dedent(
    """
    import io
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.display import HTML, Image, display
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2, 3])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")  # with the Agg backend display(fig) would give text only
    display(Image(data=buf.getvalue(), format="png"))
    plt.close(fig)
    display(HTML('<script src="https://cdn.example.com/x.js"></script>'
                 '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
                 '<img src="http://example.com/logo.png">'))
    """
)


def fake_snapshot(session, domains=()) -> DataSnapshot:
    """Two indicators; 原煤产量 falls behind from 2026-03 on; data up to DATA_LATEST. The data digest is the real
    one (what ``--due`` compares a manifest with)."""
    as_of, paths = session.as_of, session.inputs.paths
    status = "on_track" if as_of < "2026-03" else "behind"
    return DataSnapshot(
        files=[{"path": str(p), "name": p.name, "sha256": "ab" * 32} for p in paths]
        or [{"path": "/pkg/sample_actuals.csv", "name": "sample_actuals.csv", "sha256": "cd" * 32}],
        digest=data_digest(session.inputs, session.month, domains),
        is_sample=not paths,
        indicators=[
            {
                "indicator_id": "raw_coal_output",
                "indicator": "原煤产量",
                "domain": "energy",
                "target": 1500.0,
                "actual": 900.0,
                "unit": "万吨",
                "status": status,
                "completion": 0.6,
                "latest_period": DATA_LATEST,
            },
            {
                "indicator_id": "grain_sown_area",
                "indicator": "粮食播种面积",
                "domain": "agriculture",
                "target": 33.0,
                "actual": None,
                "unit": "万亩",
                "status": "not_due",
                "completion": None,
                "latest_period": None,
            },
        ],
        status_labels=dict(STATUS_LABELS),
        month_has_data=as_of <= DATA_LATEST,
        latest_period=DATA_LATEST,
    )


@pytest.fixture
def fake_data(monkeypatch):
    monkeypatch.setattr(local, "_snapshot", fake_snapshot)
    monkeypatch.setattr(render, "_latest_month", lambda inputs: DATA_LATEST)


def params_for(*stems: str, name: str = "demo", **kw) -> BriefingParams:
    return BriefingParams(name=name, kind="月度简报", notebooks=list(stems), **kw)


def cli(argv: list[str]) -> int:
    """``liulin brief ARGV`` in this process (the fake snapshot stays in place)."""
    from liulin_data.apps import cli as liulin_cli

    return liulin_cli.main(["brief", *argv])


def write_params(folder: Path, name: str, stems: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(f"kind: 测试简报\nnotebooks: [{', '.join(stems)}]\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------- one full render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Two notebooks (one with a PNG plot and external tags in an HTML output) rendered for 2026-02 and 2026-03."""
    root = tmp_path_factory.mktemp("render")
    nbs = root / "nbs"
    make_notebook(
        nbs / "00_overview.ipynb",
        "print('as_of =', as_of, 'interactive =', interactive, domains)",
        title="总览",
    )
    make_notebook(nbs / "10_energy.ipynb", PLOT_CELL, title="能源")
    out = root / "out"
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(local, "_snapshot", fake_snapshot)
        params = params_for("00_overview", "10_energy", domains=["energy"])
        first = render.render_briefing(params, "2026-02", out, notebooks_dir=nbs, progress_cb=lines.append)
        second = render.render_briefing(params, "2026-05", out, notebooks_dir=nbs, progress_cb=lines.append)
    return {"out": out, "first": first, "second": second, "lines": lines, "nbs": nbs}


@pytest.mark.slow
def test_layout_and_progress_lines(rendered):
    res, out = rendered["second"], rendered["out"]
    folder = out / "2026-05" / "demo"
    assert res.index_html == folder / "index.html"
    for name in (
        "index.html",
        "demo.html",
        "00_overview.html",
        "10_energy.html",
        "00_overview.ipynb",
        "manifest.json",
    ):
        assert (folder / name).is_file(), name
    assert (folder / "index.html").read_bytes() == (folder / "demo.html").read_bytes()
    assert not list(out.glob(".staging-*"))
    progress_lines = [x for x in rendered["lines"] if x.startswith("[")]
    assert len(progress_lines) == 4
    assert all(x.endswith(" 秒 完成") for x in progress_lines)  # Chinese in every mode (#23)
    assert {x.split()[1] for x in progress_lines} == {"00_overview", "10_energy"}


@pytest.mark.slow
def test_notebooks_get_the_parameters(rendered):
    nb = nbformat.read(rendered["out"] / "2026-05" / "demo" / "00_overview.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "as_of = 2026-05 interactive = False ['energy']" in text


@pytest.mark.slow
def test_html_is_offline_single_file_and_phone_friendly(rendered):
    folder = rendered["out"] / "2026-05" / "demo"
    for page_path in folder.glob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        assert not briefing_page.EXTERNAL_LOAD_RE.search(page), page_path.name
        assert "<script src=" not in page and 'href="https://cdn.example.com/x.css"' not in page
        assert 'name="viewport"' in page
        assert "require.js" not in page and "mathjax" not in page.lower()
    for name in ("10_energy.html", "index.html"):  # the plot is embedded as a data URI
        assert "data:image/png;base64," in (folder / name).read_text(encoding="utf-8")
    page = (folder / "index.html").read_text(encoding="utf-8")
    # every notebook is a section of the one page, with a table of contents from the headings
    assert 'id="nb-00_overview"' in page and 'id="nb-10_energy"' in page
    assert '<details class="liulin-toc">' in page and ">总览</a>" in page and ">能源</a>" in page
    assert "max-width" in page
    # the title block
    assert "柳林县2026年目标任务月度简报" in page and "2026年5月" in page
    assert "示例数据" in page and "cdcdcdcdcdcd" in page  # sample banner, first 12 chars of the sha256
    assert "本月数据缺失" in page  # the fake data ends in 2026-03
    assert page.index("本月数据缺失") < page.index('id="nb-00_overview"')
    first = (rendered["out"] / "2026-02" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "本月数据缺失" not in first


@pytest.mark.slow
def test_manifest_and_changes(rendered):
    manifest = json.loads(
        (rendered["out"] / "2026-05" / "demo" / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["as_of"] == "2026-05" and manifest["name"] == "demo"
    assert manifest["notebook_parameters"]["interactive"] is False
    assert manifest["is_sample"] is True and manifest["month_missing"] is True
    assert manifest["inputs"][0]["sha256"] == "cd" * 32
    assert set(manifest["notebooks"]) == {"00_overview", "10_energy"}
    assert all(v["seconds"] > 0 and len(v["sha256"]) == 64 for v in manifest["notebooks"].values())
    assert manifest["library_version"]
    assert manifest["status_counts"] == {"behind": 1, "not_due": 1}
    assert {r["indicator_id"]: r["status"] for r in manifest["indicators"]} == {
        "raw_coal_output": "behind",
        "grain_sown_area": "not_due",
    }
    assert manifest["previous"] == {"as_of": "2026-02"}
    assert manifest["changes"] == [
        {
            "indicator_id": "raw_coal_output",
            "indicator": "原煤产量",
            "from": "on_track",
            "to": "behind",
            "change": "worse",
        }
    ]
    page = (rendered["out"] / "2026-05" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "与上期相比的变化" in page and "进度正常" in page and "滞后" in page
    first = (rendered["out"] / "2026-02" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "这是本简报的第一期" in first


@pytest.mark.slow
def test_archive_index_lists_every_briefing(rendered):
    page = (rendered["out"] / "index.html").read_text(encoding="utf-8")
    assert "2026-05/demo/index.html" in page and "2026-02/demo/index.html" in page
    assert page.index("2026-05/demo") < page.index("2026-02/demo")  # newest first
    assert ">滞后</span><b>1</b>" in page  # the status counts as badges
    assert not briefing_page.EXTERNAL_LOAD_RE.search(page)


# ----------------------------------------------------------------------------------------- failure paths


@pytest.mark.slow
def test_failing_notebook_keeps_failed_copy_and_old_html(tmp_path, fake_data, capsys):
    good = tmp_path / "good"
    make_notebook(good / "00_overview.ipynb", "print(as_of)")
    make_notebook(good / "10_energy.ipynb", "print('ok')")
    bad = tmp_path / "bad"
    make_notebook(bad / "00_overview.ipynb", "print(as_of)")
    bad.joinpath("10_energy.ipynb").write_bytes(FAILING_NB.read_bytes())
    pdir = tmp_path / "params"
    write_params(pdir, "demo", ["00_overview", "10_energy"])
    out = tmp_path / "out"
    common = ["demo", "--as-of", "2026-03", "--out", str(out), "--params-dir", str(pdir)]

    assert cli([*common, "--notebooks-dir", str(good)]) == 0
    index = out / "2026-03" / "demo" / "index.html"
    assert capsys.readouterr().out.strip().endswith(str(index))
    before = {p.name: p.read_bytes() for p in index.parent.iterdir()}

    assert cli([*common, "--notebooks-dir", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "10_energy" in err and "故意失败" in err
    failed = index.parent / "10_energy.failed.ipynb"
    assert failed.is_file() and str(failed) in err
    outputs = [o for c in nbformat.read(failed, as_version=4).cells for o in c.get("outputs", [])]
    assert any(o.get("output_type") == "error" and o.get("ename") == "ValueError" for o in outputs)
    after = {p.name: p.read_bytes() for p in index.parent.iterdir() if p.name != failed.name}
    assert after == before  # the earlier good briefing is untouched
    assert not list(out.glob(".staging-*"))

    with pytest.raises(RenderError, match="10_energy"):
        render.render_briefing(
            params_for("00_overview", "10_energy"), "2026-04", out, notebooks_dir=bad, progress_cb=None
        )
    assert (out / "2026-04" / "demo" / "10_energy.failed.ipynb").is_file()
    assert not (out / "2026-04" / "demo" / "manifest.json").exists()


def test_missing_actuals_file_writes_nothing(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb")
    pdir = tmp_path / "params"
    write_params(pdir, "demo", ["00_overview"])
    out = tmp_path / "out"
    code = cli(
        [
            "demo",
            "--as-of",
            "2026-03",
            "--out",
            str(out),
            "--params-dir",
            str(pdir),
            "--notebooks-dir",
            str(nbs),
            "--actuals",
            str(tmp_path / "nope.csv"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nope.csv" in err and "liulin check" in err
    assert not out.exists()


def test_bad_actuals_content_writes_nothing(tmp_path):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb")
    out = tmp_path / "out"
    with pytest.raises(ActualsError):
        render.render_briefing(
            params_for("00_overview"),
            "2026-03",
            out,
            notebooks_dir=nbs,
            actuals=[REPO / "tests" / "data" / "bad_unit.csv"],
        )
    assert not out.exists()


def test_bad_inputs_exit_2(tmp_path, capsys):
    pdir = tmp_path / "params"
    (pdir).mkdir()
    (pdir / "demo.yaml").write_text("kind: x\nnotebooks: [a]\nkidn: typo\n", encoding="utf-8")
    assert cli(["demo", "--as-of", "2026-03", "--out", str(tmp_path / "o"), "--params-dir", str(pdir)]) == 2
    assert "'kidn'" in capsys.readouterr().err
    write_params(pdir, "ok", ["missing_nb"])
    assert cli(["ok", "--as-of", "2026-13", "--out", str(tmp_path / "o"), "--params-dir", str(pdir)]) == 2
    assert (
        cli(
            [
                "ok",
                "--as-of",
                "2026-03",
                "--out",
                str(tmp_path / "o"),
                "--params-dir",
                str(pdir),
                "--notebooks-dir",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "missing_nb" in capsys.readouterr().err
    assert cli(["../x", "--as-of", "2026-03", "--params-dir", str(pdir)]) == 2
    assert not (tmp_path / "o").exists()


def test_require_fresh_fails_on_missing_month(tmp_path, fake_data):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb")
    out = tmp_path / "out"
    with pytest.raises(ActualsError, match="2026-09"):
        render.render_briefing(
            params_for("00_overview"), "2026-09", out, notebooks_dir=nbs, require_fresh=True
        )
    with pytest.raises(ActualsError):
        render.render_briefing(
            params_for("00_overview", require_fresh=True), "2026-09", out, notebooks_dir=nbs
        )
    assert not out.exists()


def _hold_lock(out: Path) -> subprocess.Popen:
    out.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys, time\nfrom filelock import FileLock\nlock = FileLock(sys.argv[1]); lock.acquire()\n"
        "print('locked', flush=True)\ntime.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(out / ".lock")], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_run_gets_lock_error(tmp_path, fake_data, capsys):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb")
    pdir = tmp_path / "params"
    write_params(pdir, "demo", ["00_overview"])
    out = tmp_path / "out"
    holder = _hold_lock(out)
    try:
        code = cli(
            [
                "demo",
                "--as-of",
                "2026-03",
                "--out",
                str(out),
                "--params-dir",
                str(pdir),
                "--notebooks-dir",
                str(nbs),
            ]
        )
        assert code == 3
        err = capsys.readouterr().err
        assert ".lock" in err and len(err.strip().splitlines()) == 1
        with pytest.raises(LockError):
            render.render_briefing(params_for("00_overview"), "2026-03", out, notebooks_dir=nbs)
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "2026-03").exists()


class Killed(BaseException):
    """Stands for SIGKILL in the middle of the swap (nothing after it runs)."""


def _archive_with_good_briefing(out: Path) -> Path:
    final = out / "2026-03" / "demo"
    final.mkdir(parents=True)
    (final / "index.html").write_text("old", encoding="utf-8")
    (final / "manifest.json").write_text('{"manifest_version": 1}', encoding="utf-8")
    staging = out / ".staging-2026-03-demo-x"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    (staging / "manifest.json").write_text('{"manifest_version": 1}', encoding="utf-8")
    return staging


def test_recover_touches_only_what_a_swap_leaves(tmp_path):
    out = tmp_path / "out"
    (out / "2026-03" / ".notes.prev").mkdir(parents=True)  # a folder of the user's with a swap-like name
    (out / "2026-03" / ".notes.prev" / "a.txt").write_text("mine", encoding="utf-8")
    (out / "2026-03" / ".old.prev").write_text("a file", encoding="utf-8")
    (out / ".staging-mine").write_text("a file", encoding="utf-8")
    files.recover(out)
    assert (out / "2026-03" / ".notes.prev" / "a.txt").read_text(encoding="utf-8") == "mine"
    assert not (out / "2026-03" / "notes").exists() and (out / "2026-03" / ".old.prev").is_file()
    assert (out / ".staging-mine").is_file()


def _page(out: Path) -> str:
    return (out / "2026-03" / "demo" / "index.html").read_text(encoding="utf-8")


def test_swap_exchanges_in_one_step(tmp_path, monkeypatch):
    out = tmp_path / "out"
    staging = _archive_with_good_briefing(out)
    assert files._exchange(staging, out / "2026-03" / "demo")  # this file system has RENAME_EXCHANGE
    files._exchange(staging, out / "2026-03" / "demo")  # swap back for the real test
    renames = []
    monkeypatch.setattr(files.os, "rename", lambda *a: renames.append(a))
    files.swap_in(staging, out / "2026-03" / "demo")
    assert _page(out) == "new" and not renames and not staging.exists()


def test_kill_after_the_exchange_leaves_the_new_page(tmp_path, monkeypatch):
    out = tmp_path / "out"
    staging = _archive_with_good_briefing(out)

    def killed(*_a, **_k):
        raise Killed

    monkeypatch.setattr(files.shutil, "rmtree", killed)  # killed before the old content is removed
    with pytest.raises(Killed):
        files.swap_in(staging, out / "2026-03" / "demo")
    assert _page(out) == "new"
    monkeypatch.undo()
    files.recover(out)
    assert _page(out) == "new" and not list(out.glob(".staging-*"))


def test_kill_between_the_fallback_renames_is_recovered(tmp_path, monkeypatch):
    """Where the OS cannot exchange, a kill between the two renames is repaired by the next command."""
    out = tmp_path / "out"
    staging = _archive_with_good_briefing(out)
    monkeypatch.setattr(files, "_exchange", lambda *_a: False)
    real_rename = os.rename
    calls = []

    def rename(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == 2:
            raise Killed
        real_rename(src, dst)

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(Killed):
        files.swap_in(staging, out / "2026-03" / "demo")
    assert calls == [".demo.prev", "demo"]
    monkeypatch.undo()
    files.recover(out)
    assert _page(out) == "old" and not list(out.glob("2026-03/.*")) and not list(out.glob(".staging-*"))


@pytest.mark.slow
def test_archive_consistent_when_a_render_is_killed_in_its_swap(tmp_path, monkeypatch, fake_data):
    """A real render killed in its swap: the archive index links only to pages that exist, old or new."""
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb", "print('ok')")
    out = tmp_path / "out"
    render.render_briefing(params_for("00_overview"), "2026-03", out, notebooks_dir=nbs, progress_cb=None)
    monkeypatch.setattr(files, "_exchange", lambda *_a: False)
    real_rename = os.rename
    calls = []

    def rename(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise Killed
        real_rename(src, dst)

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(Killed):
        render.render_briefing(params_for("00_overview"), "2026-03", out, notebooks_dir=nbs, progress_cb=None)
    monkeypatch.undo()
    render.render_briefing(params_for("00_overview"), "2026-04", out, notebooks_dir=nbs, progress_cb=None)
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r"href='([^'#]+\.html)'", index)
    assert links and all((out / link).is_file() for link in links)
    assert "2026-03/demo/index.html" in links


def test_atomic_write_leaves_no_temp(tmp_path):
    target = tmp_path / "a" / "x.html"
    files.atomic_write(target, "一")
    files.atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.html"]


def test_make_offline_strips_external_loads():
    page = (
        '<script src="https://cdn.x/require.js"></script><link rel="stylesheet" href="//cdn.x/a.css">'
        '<img src="http://x/a.png"><a href="https://example.com">链接</a><style>@import url("https://x/b.css");</style>'
    )
    clean = briefing_page.make_offline(page)
    assert not briefing_page.EXTERNAL_LOAD_RE.search(clean)
    assert '<a href="https://example.com">' in clean  # a link the reader may click is not a load


# ----------------------------------------------------------------------------------------- kill -9, --due


DRIVER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
import test_render as t
from liulin_data.briefing import render
from liulin_data.briefing import local
local._snapshot = t.fake_snapshot
render.render_briefing(t.params_for("00_overview"), "2026-03", Path(sys.argv[1]), notebooks_dir=Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_kill_during_render_keeps_previous_output(tmp_path, fake_data):
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    make_notebook(fast / "00_overview.ipynb", "print('fast')")
    make_notebook(slow / "00_overview.ipynb", "import time\ntime.sleep(120)")
    out = tmp_path / "out"
    render.render_briefing(params_for("00_overview"), "2026-03", out, notebooks_dir=fast, progress_cb=None)
    folder = out / "2026-03" / "demo"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    index_before = (out / "index.html").read_bytes()

    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(driver), str(out), str(slow)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not list(out.glob(".staging-*/00_overview.ipynb")):
            time.sleep(0.2)
        assert list(out.glob(".staging-*")), "the render never started"
        time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the render and its kernel, by process group id
        proc.wait()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert (out / "index.html").read_bytes() == index_before

    again = render.render_briefing(
        params_for("00_overview"), "2026-03", out, notebooks_dir=fast, progress_cb=None
    )
    assert again.index_html.is_file()
    assert not list(out.glob(".staging-*"))


@pytest.mark.slow
def test_due_catches_up_then_nothing_to_do(tmp_path, fake_data, capsys):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb", "print(as_of)")
    pdir = tmp_path / "params"
    write_params(pdir, "demo", ["00_overview"])
    out = tmp_path / "out"
    common = ["demo", "--due", "--out", str(out), "--params-dir", str(pdir), "--notebooks-dir", str(nbs)]
    # 2026-02 exists already: only 2026-01 and 2026-03 are due (data run to DATA_LATEST = 2026-03)
    render.render_briefing(params_for("00_overview"), "2026-02", out, notebooks_dir=nbs, progress_cb=None)
    assert render.due_months(params_for("00_overview"), out) == ["2026-01", "2026-03"]
    assert cli(common) == 0
    printed = capsys.readouterr().out
    assert str(out / "2026-01" / "demo" / "index.html") in printed
    assert str(out / "2026-03" / "demo" / "index.html") in printed
    assert printed.index("2026-01/demo/index.html") < printed.index("2026-03/demo/index.html")
    assert sorted(p.parent.parent.name for p in out.glob("*/demo/manifest.json")) == [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    m3 = json.loads((out / "2026-03" / "demo" / "manifest.json").read_text(encoding="utf-8"))
    assert m3["previous"] == {"as_of": "2026-02"}

    assert cli(common) == 0
    assert render.NOTHING_DUE in capsys.readouterr().out


# ----------------------------------------------------------------------------------------- real data


@pytest.mark.slow
def test_real_sample_data(tmp_path):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb", "print(as_of)")
    res = render.render_briefing(
        params_for("00_overview"), "2026-10", tmp_path / "out", notebooks_dir=nbs, progress_cb=None
    )
    manifest = json.loads(res.manifest.read_text(encoding="utf-8"))
    assert manifest["is_sample"] is True
    assert any(f["name"].startswith("sample") for f in manifest["inputs"])
    assert len(manifest["indicators"]) > 10
    assert {"indicator_id", "indicator", "target", "actual", "unit", "status", "completion"} <= set(
        manifest["indicators"][0]
    )
    assert sum(manifest["status_counts"].values()) == len(manifest["indicators"])


def test_as_of_outside_the_plan_year_is_a_period_error_naming_the_year(tmp_path):
    from liulin_data.core.exceptions import PeriodError

    out = tmp_path / "out"
    with pytest.raises(PeriodError, match="2026-01 至 2026-12"):
        render.render_briefing(params_for("00_overview"), "2027-03", out, notebooks_dir=tmp_path)
    assert not out.exists()


def test_lean_imports_skip_the_grammar_and_notebooks_still_validate():
    """The renderer's process goes without rfc3987_syntax (1.3 s of grammar compiling at import), and nbformat
    still reads and validates the shipped notebooks there."""
    code = textwrap.dedent(
        f"""
        import sys
        from liulin_data.briefing.render import lean_imports
        lean_imports()
        import jsonschema, nbformat
        nb = nbformat.read({str(REPO / "notebooks" / "10_energy.ipynb")!r}, as_version=4)
        nbformat.validate(nb)
        print(sys.modules["rfc3987_syntax"] is None, "jsonschema" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]
