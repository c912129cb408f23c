"""Many briefings in one run (issue #14): ``liulin brief --months``/``--plan`` repeated, shared inputs, a warm
pool with no leaks, failures kept apart, progress lines, ``--quiet``, and a real Dask cluster via the CLI.

The notebooks are small ones made in ``tmp_path``; the data snapshot is the real engine's unless a test
says otherwise. Two plans of one year: the shipped plan and a copy exported under another name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from liulin_data.apps import cli as liulin_cli
from liulin_data.briefing import render
from liulin_data.briefing.params import BriefingParams
from liulin_data.briefing.render import BriefingJob, render_many
from liulin_data.core.exceptions import RenderError
from tests.notebooks import make_notebook

pytestmark = pytest.mark.slow

EXIT_OK, EXIT_FAILED = 0, 1


def write_params(folder: Path, name: str, stems: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(
        f"kind: 测试简报\nnotebooks: [{', '.join(stems)}]\n", encoding="utf-8"
    )


def liulin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args], capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def other_plan(tmp_path_factory) -> Path:
    """The shipped plan exported as another county's plan of the same year (its sample kept)."""
    folder = tmp_path_factory.mktemp("plans") / "other-2026"
    out = liulin("plan", "export", "liulin-2026", str(folder))
    assert out.returncode == 0, out.stderr
    yaml = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(
        yaml.replace("name: liulin-2026", "name: other-2026").replace("region: 柳林县", "region: 另一县"),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def setup(tmp_path):
    nbs, pdir = tmp_path / "nbs", tmp_path / "params"
    # a cluster worker gets the notebooks only: mode.txt is read where it exists (the local runs)
    fail_feb = (
        "import os\n"
        "if as_of == '2026-02' and os.path.exists('mode.txt') and 'FAIL' in open('mode.txt').read():\n"
        "    raise ValueError('二月坏了')"
    )
    make_notebook(
        nbs / "00_overview.ipynb", fail_feb + "\nprint('截至', as_of)"
    )  # cwd: the notebooks' folder
    (nbs / "mode.txt").write_text("ok", encoding="utf-8")
    write_params(pdir, "demo", ["00_overview"])
    out = tmp_path / "out"
    common = ["demo", "--out", str(out), "--params-dir", str(pdir), "--notebooks-dir", str(nbs)]
    return {"nbs": nbs, "out": out, "common": common}


def test_months_times_plans_in_one_archive(setup, other_plan, capsys):
    code = liulin_cli.main(
        ["brief", *setup["common"], "--months", "2026-01:2026-03", "--plan", "liulin-2026", "--plan",
         str(other_plan), "--jobs", "2"]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == EXIT_OK
    out = setup["out"]
    folders = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("*/*/manifest.json"))
    assert folders == [f"2026-0{m}/{n}" for m in (1, 2, 3) for n in ("demo", "demo-other-2026")]
    index = (out / "index.html").read_text(encoding="utf-8")
    for folder in folders:
        assert f"{folder}/index.html" in index
    # one line per briefing with the time used and an estimate, then a summary
    lines = [line for line in printed.splitlines() if line.startswith("[")]
    assert len(lines) == 6 and all("已用" in line for line in lines)
    assert all("预计还需" in line for line in lines[:-1]) and "预计还需" not in lines[-1]
    assert "共 6 份简报，完成 6 份" in printed
    # the other plan's briefing is judged against its own plan: its region in the manifest
    other = json.loads((out / "2026-03" / "demo-other-2026" / "manifest.json").read_text(encoding="utf-8"))
    assert other["plan"]["region"] == "另一县" and other["previous"] == {"as_of": "2026-02"}


def test_one_failing_month_leaves_the_rest_and_the_previous_page(setup, capsys):
    out, common = setup["out"], setup["common"]
    assert liulin_cli.main(["brief", *common, "--as-of", "2026-02", "--quiet"]) == EXIT_OK
    before = (out / "2026-02" / "demo" / "index.html").read_bytes()
    (setup["nbs"] / "mode.txt").write_text("FAIL_FEB", encoding="utf-8")
    capsys.readouterr()
    code = liulin_cli.main(["brief", *common, "--months", "2026-01:2026-03"])
    captured = capsys.readouterr()
    assert code == EXIT_FAILED
    summary = [line for line in captured.err.splitlines() if line.startswith("错误：")]
    assert len(summary) == 1 and "共 3 份简报，完成 2 份，失败 1 份" in summary[0]
    assert "2026-02 demo" in summary[0] and "二月坏了" in summary[0]
    assert (out / "2026-02" / "demo" / "index.html").read_bytes() == before
    assert (out / "2026-02" / "demo" / "00_overview.failed.ipynb").is_file()
    for month in ("2026-01", "2026-03"):
        assert (out / month / "demo" / "index.html").is_file()
    assert str(out.resolve() / "2026-03" / "demo" / "index.html") in captured.out


def test_quiet_says_nothing_when_all_is_well(setup, capsys):
    code = liulin_cli.main(["brief", *setup["common"], "--as-of", "2026-01", "--as-of", "2026-02", "-q"])
    captured = capsys.readouterr()
    assert code == EXIT_OK and captured.out == "" and captured.err == ""
    assert (setup["out"] / "2026-02" / "demo" / "index.html").is_file()


def test_bad_range_is_refused_before_anything_is_written(setup, capsys):
    code = liulin_cli.main(["brief", *setup["common"], "--months", "2026-05:2026-02"])
    assert code == 2
    assert "--months" in capsys.readouterr().err and not setup["out"].exists()


def test_no_state_leaks_between_notebooks_on_one_kernel(tmp_path):
    """Pool of one kernel, two briefings of two notebooks: each notebook starts clean."""
    nbs = tmp_path / "nbs"
    check = "assert 'leaked' not in globals(), '上一个笔记本的变量还在'\nleaked = as_of\nprint('ok')"
    make_notebook(nbs / "a.ipynb", check)
    make_notebook(nbs / "b.ipynb", check)
    params = BriefingParams(name="demo", kind="测试简报", notebooks=["a", "b"])
    from liulin_data.briefing.kernels.pool import KernelPool

    pool = KernelPool(size=1)
    try:
        batch = render_many(
            [BriefingJob(params, "2026-01"), BriefingJob(params, "2026-02")],
            tmp_path / "out",
            notebooks_dir=nbs,
            progress_cb=None,
            workers=1,
            pool=pool,
        )
        stats = dict(pool.stats)
    finally:
        pool.shutdown()
    assert not batch.failures, batch.summary()
    assert len(batch.results) == 2
    # one warm kernel served all four notebooks, reset (not restarted) between them
    assert stats.get("started") == 1 and stats.get("reused", 0) >= 3 and not stats.get("replaced"), stats


def test_inputs_are_parsed_once_and_the_kernels_read_the_session(tmp_path, monkeypatch):
    """Three months of one plan: load_inputs runs once in this process and progress once per briefing; a
    notebook whose load_inputs and engine raise still shows the inputs and the progress (the renderer's
    session, checked against the files it stands for and the month)."""
    import liulin_data.engine as engine_module
    import liulin_data.inputs as inputs_module

    calls = []
    real = inputs_module.load_inputs

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(inputs_module, "load_inputs", counting)
    judged = []
    real_progress = engine_module.progress

    def counting_progress(*args, **kwargs):
        judged.append(args[0])
        return real_progress(*args, **kwargs)

    monkeypatch.setattr(engine_module, "progress", counting_progress)
    nbs = tmp_path / "nbs"
    make_notebook(
        nbs / "00_overview.ipynb",
        "import liulin_data.inputs as I\n"
        "def boom(*a, **k):\n    raise RuntimeError('内核不应再解析输入文件')\n"
        "I.load_inputs = boom\n"
        "import liulin_data.engine as E\n"
        "E.progress = boom\n"
        "from liulin_data.present.views import NotebookView\n"
        "view = NotebookView.load(as_of, actuals, plan=plan, targets=targets, snapshot=snapshot)\n"
        "assert snapshot and len(view.actuals) > 100, (snapshot, len(view.actuals))\n"
        "assert view.as_of == as_of and len(view.progress) > 40\n"
        "print('行数', len(view.actuals))",
    )
    params = BriefingParams(name="demo", kind="测试简报", notebooks=["00_overview"])
    batch = render_many(
        [BriefingJob(params, m) for m in ("2026-01", "2026-02", "2026-03")],
        tmp_path / "out",
        notebooks_dir=nbs,
        progress_cb=None,
        workers=2,
    )
    assert not batch.failures, batch.summary()
    assert len(calls) == 1
    assert sorted(map(str, judged)) == ["2026-01", "2026-02", "2026-03"]  # once per briefing
    executed = (tmp_path / "out" / "2026-03" / "demo" / "00_overview.ipynb").read_text(encoding="utf-8")
    assert "行数" in executed
    assert not list((tmp_path / "out").glob(".staging-*")), "the snapshot folder is removed after the run"


def test_a_session_of_other_inputs_or_another_month_is_refused(tmp_path):
    from liulin_data.present.views import NotebookView
    from liulin_data.session import SessionFileError, open_session

    path = tmp_path / "s.session"
    open_session("2026-03").save(path)
    view = NotebookView.load("2026-03", snapshot=str(path))
    assert view.as_of == "2026-03" and len(view.shown) > 40
    with pytest.raises(SessionFileError, match="另一组输入文件"):
        NotebookView.load("2026-03", [str(tmp_path / "统计月报.csv")], snapshot=str(path))
    with pytest.raises(SessionFileError, match="2026-03"):
        NotebookView.load("2026-04", snapshot=str(path))
    (tmp_path / "x.session").write_bytes(b"not a pickle")
    with pytest.raises(SessionFileError, match="不是数据快照"):
        NotebookView.load("2026-03", snapshot=str(tmp_path / "x.session"))


def test_a_failure_is_reported_with_its_error_type(tmp_path):
    nbs = tmp_path / "nbs"
    make_notebook(nbs / "00_overview.ipynb", "raise ValueError('坏了')")
    params = BriefingParams(name="demo", kind="测试简报", notebooks=["00_overview"])
    batch = render_many(
        [BriefingJob(params, "2026-04")], tmp_path / "out", notebooks_dir=nbs, progress_cb=None
    )
    assert [type(f.error) for f in batch.failures] == [RenderError]
    assert render.NOTHING_DUE  # the catch-up words exist for --due


def test_the_cli_renders_on_a_dask_cluster(setup, capsys):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        code = liulin_cli.main(
            ["brief", *setup["common"], "--months", "2026-01:2026-02", "--executor", address]
        )
    captured = capsys.readouterr()
    printed = captured.out
    assert code == EXIT_OK, captured.err
    for month in ("2026-01", "2026-02"):
        assert (setup["out"] / month / "demo" / "index.html").is_file()
    assert "共 2 份简报，完成 2 份" in printed
    assert printed.count("完成（") == 2  # each line names the worker that made it


def test_an_unreachable_cluster_is_a_clear_error(setup, capsys):
    code = liulin_cli.main(
        ["brief", *setup["common"], "--as-of", "2026-01", "--executor", "dask://127.0.0.1:1"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "无法连接 Dask 调度器 tcp://127.0.0.1:1" in err
    assert not (setup["out"] / "2026-01").exists()
