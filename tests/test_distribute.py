"""Scale-out (``liulin_data.distribute``): briefings rendered on a real Dask ``LocalCluster``, written into OUT.

The cluster has two worker processes on loopback and shares nothing with the client but the installed
package: the notebooks and input files travel inside the task, the briefing's files come back as bytes.
"""

from __future__ import annotations

import json
import pickle
import textwrap
from pathlib import Path

import nbformat
import pytest
from distributed import Client, LocalCluster

from liulin_data.briefing.params import BriefingParams
from liulin_data.distribute import BriefingFiles, make_tasks, publish, render_on
from liulin_data.exceptions import ActualsError, RenderError

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
        'as_of = "2026-01"\nactuals = []\ntargets = ""\ndomains = []\nlanguage = "zh"\ninteractive = True'
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


def test_two_briefings_on_a_local_cluster(client, tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    out = tmp_path / "OUT"
    tasks = make_tasks([_plan("00_overview")], ["2026-01", "2026-02"], actuals=[BUREAU], notebooks_dir=nbs)
    assert len(pickle.dumps(tasks)) < 200_000, "tasks are small"
    lines: list[str] = []
    folders = render_on(client.get_executor(), tasks, out, progress_cb=lines.append)
    assert folders == [out.resolve() / "2026-01" / "demo", out.resolve() / "2026-02" / "demo"]
    for folder in folders:
        for name in ("index.html", "demo.html", "00_overview.html", "00_overview.ipynb", "manifest.json"):
            assert (folder / name).is_file(), f"{folder / name} missing"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        # the manifest names the client's files, not the worker's temporary copies
        assert [f["path"] for f in manifest["inputs"]] == [str(BUREAU.resolve())]
        assert manifest["parameters"]["actuals"] == [str(BUREAU.resolve())]
        assert manifest["notebooks"]["00_overview"]["source"] == str((nbs / "00_overview.ipynb").resolve())
        assert BUREAU.name in (folder / "index.html").read_text(encoding="utf-8")
    archive = (out / "index.html").read_text(encoding="utf-8")
    assert "2026-01/demo/index.html" in archive and "2026-02/demo/index.html" in archive
    assert len(lines) == 2 and all(line.endswith("ok") for line in lines)
    assert not list(out.glob(".staging-*"))


def test_a_failing_briefing_keeps_the_previous_one(client, tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    out = tmp_path / "OUT"
    render_on(client.get_executor(), make_tasks([_plan("00_overview")], ["2026-01"], notebooks_dir=nbs), out)
    before = (out / "2026-01" / "demo" / "index.html").read_bytes()
    _notebook(nbs / "00_overview.ipynb", "raise ValueError('坏了')")
    tasks = make_tasks([_plan("00_overview")], ["2026-01"], notebooks_dir=nbs)
    with pytest.raises(RenderError, match="2026-01 demo"):
        render_on(client.get_executor(), tasks, out, progress_cb=None)
    assert (out / "2026-01" / "demo" / "index.html").read_bytes() == before
    assert "坏了" in (out / "2026-01" / "demo" / "00_overview.failed.ipynb").read_text(encoding="utf-8")


def test_bad_input_fails_before_anything_is_submitted(tmp_path):
    nbs = tmp_path / "nbs"
    _notebook(nbs / "00_overview.ipynb", NOTEBOOK)
    with pytest.raises(ActualsError):
        make_tasks([_plan("00_overview")], ["2026-01"], actuals=[DATA / "bad_unit.csv"], notebooks_dir=nbs)
    with pytest.raises(ActualsError):
        make_tasks([_plan("00_overview")], ["2026-01"], actuals=[tmp_path / "nope.csv"], notebooks_dir=nbs)


def test_publish_swaps_in_a_whole_folder(tmp_path):
    out = tmp_path / "OUT"
    old = out / "2026-03" / "demo"
    old.mkdir(parents=True)
    (old / "stale.html").write_text("old", encoding="utf-8")
    files = {"index.html": b"<html>new</html>", "manifest.json": b"{}"}
    folder = publish(BriefingFiles("demo", "2026-03", files), out)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "manifest.json"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]
