"""Scale-out (``liulin_data.briefing.distribute``): briefings rendered on a real Dask ``LocalCluster``, written into OUT.

The cluster has two worker processes on loopback and shares nothing with the client but the installed
package: the notebooks and input files travel inside the task, the briefing's files come back as bytes.
"""

from __future__ import annotations

import json
import pickle
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from distributed import Client, LocalCluster

from liulin_data.briefing.distribute import BriefingFiles, _FileReader, make_task, publish
from liulin_data.briefing.params import BriefingParams
from liulin_data.briefing.prepare import InputCache, prepare
from liulin_data.briefing.render import BriefingJob, render_many
from liulin_data.core.exceptions import ActualsError, OutputError, RenderError

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
# a real analyst's file: the bureau's table for January–February (the period is in the file name)
BUREAU = DATA / "统计月报_2026年1—2月.csv"
# a tiny briefing notebook: the papermill parameters, then a heading and a table
NOTEBOOK = """
from IPython.display import Markdown
Markdown(f"# 测试简报 {as_of}\\n\\n数据文件：{[p.split('/')[-1] for p in actuals]}")
"""


def _notebook(path: Path, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = (
        'as_of = "2026-01"\nactuals = []\ntargets = ""\ndomains = []\nlanguage = "zh"\ninteractive = True\n'
        'snapshot = ""'
    )
    nb.cells = [
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(textwrap.dedent(code)),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _plan(*stems: str) -> BriefingParams:
    return BriefingParams(name="demo", kind="测试简报", notebooks=list(stems))


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def _jobs(params: BriefingParams, months: list[str], **kw) -> list[BriefingJob]:
    return [BriefingJob(params, m, **kw) for m in months]


def test_two_briefings_on_a_local_cluster(client, tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    out = tmp_path / "OUT"
    jobs = _jobs(_plan("00_overview"), ["2026-01", "2026-02"], actuals=[BUREAU])
    task = make_task(prepare(jobs[0], InputCache(), nbs), _FileReader(), None)
    assert len(pickle.dumps(task)) < 400_000, "a task is small"
    lines: list[str] = []
    batch = render_many(
        jobs, out, executor=client.get_executor(), notebooks_dir=nbs, progress_cb=lines.append
    )
    assert not batch.failures
    folders = [r.briefing_dir for r in batch.results]
    assert folders == [out.resolve() / "2026-01" / "demo", out.resolve() / "2026-02" / "demo"]
    for folder in folders:
        for name in ("index.html", "demo.html", "00_overview.html", "00_overview.ipynb", "manifest.json"):
            assert (folder / name).is_file(), f"{folder / name} missing"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        # the manifest names the client's files, not the worker's temporary copies
        assert [f["path"] for f in manifest["inputs"]] == [str(BUREAU.resolve())]
        assert manifest["parameters"]["actuals"] == [str(BUREAU.resolve())]
        assert manifest["notebooks"]["00_overview"]["source"] == str((nbs / "00_overview.ipynb").resolve())
        assert "/liulin-task-" not in json.dumps(manifest, ensure_ascii=False)
        assert BUREAU.name in (folder / "index.html").read_text(encoding="utf-8")
    # 2026-02 compares with 2026-01 of the same run, computed on the client
    assert json.loads((folders[1] / "manifest.json").read_text(encoding="utf-8"))["previous"] == {
        "as_of": "2026-01"
    }
    archive = (out / "index.html").read_text(encoding="utf-8")
    assert "2026-01/demo/index.html" in archive and "2026-02/demo/index.html" in archive
    per_briefing = [line for line in lines if line.startswith("[")]
    assert len(per_briefing) == 2 and all("完成" in line and "已用" in line for line in per_briefing)
    assert "预计还需" in per_briefing[0] and lines[-1].startswith("共 2 份简报，完成 2 份")
    assert not list(out.glob(".staging-*"))


def test_a_failing_briefing_keeps_the_previous_one(client, tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    out = tmp_path / "OUT"
    render_many(
        _jobs(_plan("00_overview"), ["2026-01"]), out, executor=client.get_executor(), notebooks_dir=nbs
    )
    before = (out / "2026-01" / "demo" / "index.html").read_bytes()
    _notebook(nbs / "00_overview.ipynb", "if as_of == '2026-01':\n    raise ValueError('坏了')")
    batch = render_many(
        _jobs(_plan("00_overview"), ["2026-01", "2026-02"]),
        out,
        executor=client.get_executor(),
        notebooks_dir=nbs,
        progress_cb=None,
    )
    assert [f.label for f in batch.failures] == ["2026-01 demo"]
    assert isinstance(batch.failures[0].error, RenderError) and "坏了" in batch.summary()
    assert [r.as_of for r in batch.results] == ["2026-02"]
    assert (out / "2026-01" / "demo" / "index.html").read_bytes() == before
    assert "坏了" in (out / "2026-01" / "demo" / "00_overview.failed.ipynb").read_text(encoding="utf-8")
    # the message names the copy kept here, not the worker's temporary folder
    assert str(out.resolve() / "2026-01" / "demo" / "00_overview.failed.ipynb") in batch.summary()
    assert "liulin-task-" not in batch.summary()


def test_bad_input_fails_before_anything_is_submitted(tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    submitted = []

    class Recorder(ThreadPoolExecutor):
        def submit(self, *a, **k):
            submitted.append(a)
            return super().submit(*a, **k)

    for bad in (DATA / "bad_unit.csv", tmp_path / "nope.csv"):
        with Recorder() as ex, pytest.raises(ActualsError):
            render_many(_jobs(_plan("00_overview"), ["2026-01"], actuals=[bad]), tmp_path / "OUT", executor=ex,
                        notebooks_dir=nbs)  # fmt: skip
    assert not submitted and not (tmp_path / "OUT").exists()


def test_publish_swaps_in_a_whole_folder(tmp_path):
    out = tmp_path / "OUT"
    old = out / "2026-03" / "demo"
    old.mkdir(parents=True)
    made = {"manifest_version": 1, "name": "demo", "notebooks": {"stale": {}}, "inputs": []}
    (old / "manifest.json").write_text(json.dumps(made), encoding="utf-8")
    (old / "stale.html").write_text("old", encoding="utf-8")  # a page of the earlier briefing: liulin's
    files = {"index.html": b"<html>new</html>", "manifest.json": b'{"manifest_version": 1, "inputs": []}'}
    folder = publish(BriefingFiles("demo", "2026-03", files), out)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "manifest.json"]
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["superseded"] == []  # same data
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_publish_refuses_a_folder_with_files_liulin_did_not_write(tmp_path):
    out = tmp_path / "OUT"
    note = out / "2026-03" / "demo" / "笔记.txt"
    note.parent.mkdir(parents=True)
    note.write_text("我的", encoding="utf-8")
    files = {"index.html": b"<html>new</html>", "manifest.json": b'{"manifest_version": 1}'}
    with pytest.raises(OutputError, match="笔记.txt"):
        publish(BriefingFiles("demo", "2026-03", files), out)
    assert note.read_text(encoding="utf-8") == "我的" and not list(out.glob(".staging-*"))


def test_a_task_that_never_comes_back_is_one_failure_among_the_rest(tmp_path):
    from concurrent.futures import Future

    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)

    class LosesJanuary(ThreadPoolExecutor):
        """As a cluster whose worker dies with the January task: its future raises."""

        def submit(self, fn, task, *a, **k):
            if task.as_of == "2026-01":
                lost: Future = Future()
                lost.set_exception(OSError("worker tcp://10.0.0.7:40111 lost"))
                return lost
            return super().submit(fn, task, *a, **k)

    with LosesJanuary(max_workers=1) as ex:
        batch = render_many(
            _jobs(_plan("00_overview"), ["2026-01", "2026-02"]),
            tmp_path / "OUT",
            executor=ex,
            notebooks_dir=nbs,
            progress_cb=None,
        )
    assert [f.label for f in batch.failures] == ["2026-01 demo"]
    assert "worker tcp://10.0.0.7:40111 lost" in batch.summary()
    assert [r.as_of for r in batch.results] == ["2026-02"]
    assert (tmp_path / "OUT" / "2026-02" / "demo" / "index.html").is_file()
    assert not (tmp_path / "OUT" / "2026-01" / "demo").exists()
