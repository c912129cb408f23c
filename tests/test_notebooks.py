"""The four briefing notebooks execute through papermill on the shipped sample data.

Each notebook runs once per params file that lists it (``interactive=False``, as the renderer runs it)
and ``10_energy`` once more with its defaults (``interactive=True``). Outputs must hold no error, no
missing-glyph warning, the 示例数据 label, and — when not interactive — no widget views. The parameters
each params file yields must be exactly the notebook's parameters.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest

from liulin_data.briefing.params import load_params, notebook_parameters

pytestmark = pytest.mark.slow

# repository root, its notebooks and params folders
REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
PARAMS = REPO / "params"
# the notebooks this test covers
NOTEBOOK_STEMS = ("00_overview", "10_energy", "20_agriculture", "30_consumption")
# the reference month of the test runs
AS_OF = "2026-10"
# texts of matplotlib's missing-glyph warning
GLYPH_MARKERS = ("Glyph", "missing from font")
# the mime type of an ipywidgets view (a broken placeholder in exported HTML)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# the label of synthetic data
SAMPLE_TEXT = "示例数据"
# papermill kernel and per-notebook time limit (seconds)
KERNEL = "python3"
TIMEOUT_S = 300


def _param_files() -> list[Path]:
    return sorted(PARAMS.glob("*.yaml"))


def _runs() -> list[tuple[str, str, dict]]:
    """(run id, notebook stem, papermill parameters): every (params file, notebook) pair + energy defaults."""
    runs = []
    for path in _param_files():
        spec = load_params(path)
        params = notebook_parameters(spec.model_copy(update={"as_of": spec.as_of or AS_OF}))
        runs.extend((f"{path.stem}:{stem}", stem, params) for stem in spec.notebooks)
    runs.append(("defaults:10_energy", "10_energy", {}))
    return runs


def _execute(run_id: str, stem: str, params: dict, out_dir: Path) -> nbformat.NotebookNode:
    out = out_dir / f"{run_id.replace(':', '__')}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / f"{stem}.ipynb"),
        str(out),
        parameters=params,
        kernel_name=KERNEL,
        cwd=str(out_dir),
        progress_bar=False,
        execution_timeout=TIMEOUT_S,
    )
    return nbformat.read(out, as_version=4)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, tuple[str, dict, nbformat.NotebookNode]]:
    """Every run, executed in parallel threads (each papermill run has its own kernel process)."""
    out_dir = tmp_path_factory.mktemp("executed")
    runs = _runs()
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {rid: pool.submit(_execute, rid, stem, params, out_dir) for rid, stem, params in runs}
        return {
            rid: (stem, params, fut.result())
            for (rid, stem, params), fut in zip(runs, futures.values(), strict=True)
        }


def _outputs(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    data = output.get("data", {})
    return "\n".join(str(data[k]) for k in ("text/html", "text/markdown", "text/plain") if k in data)


def test_notebooks_exist_with_clean_outputs():
    for stem in NOTEBOOK_STEMS:
        nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec == {"name": "python3", "display_name": "Python 3", "language": "python"}
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, stem
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{stem}: exactly one cell tagged 'parameters'"


def test_markdown_has_headings():
    for stem in NOTEBOOK_STEMS:
        nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        lines = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()]
        assert sum(line.startswith("## ") for line in lines) >= 3, stem
        assert sum(line.startswith("# ") for line in lines) == 1, f"{stem}: one title"


def test_params_files_match_notebook_parameters():
    declared = {
        stem: set(papermill.inspect_notebook(str(NOTEBOOKS / f"{stem}.ipynb"))) for stem in NOTEBOOK_STEMS
    }
    assert len({frozenset(v) for v in declared.values()}) == 1, f"notebooks differ in parameters: {declared}"
    files = _param_files()
    assert files, "no params/*.yaml"
    for path in files:
        spec = load_params(path)
        yielded = set(notebook_parameters(spec.model_copy(update={"as_of": spec.as_of or AS_OF})))
        for stem in spec.notebooks:
            assert stem in declared, f"{path.name} lists unknown notebook {stem}"
            assert yielded == declared[stem], f"{path.name} → {stem}: {sorted(yielded ^ declared[stem])}"


def test_parameter_defaults():
    for stem in NOTEBOOK_STEMS:
        info = papermill.inspect_notebook(str(NOTEBOOKS / f"{stem}.ipynb"))
        defaults = {k: v["default"] for k, v in info.items()}
        assert defaults == {
            "as_of": '"2026-10"',
            "plan": '"liulin-2026"',
            "actuals": "[]",
            "targets": '""',
            "domains": "[]",
            "language": '"zh"',
            "interactive": "True",
            "snapshot": '""',
        }, stem


def test_every_run_succeeds_without_errors_or_missing_glyphs(executed):
    assert {stem for stem, _, _ in executed.values()} == set(NOTEBOOK_STEMS)
    for run_id, (_stem, _params, nb) in executed.items():
        for out in _outputs(nb):
            assert out.output_type != "error", f"{run_id}: {out.get('ename')}: {out.get('evalue')}"
            text = _text(out)
            for marker in GLYPH_MARKERS:
                assert marker not in text, f"{run_id}: missing glyph warning: {text[:300]}"
            assert "Traceback" not in text, f"{run_id}: {text[:300]}"


def test_sample_label_and_charts(executed):
    for run_id, (_stem, _params, nb) in executed.items():
        outputs = list(_outputs(nb))
        assert any(SAMPLE_TEXT in _text(o) for o in outputs), f"{run_id}: no {SAMPLE_TEXT} label"
        pngs = [o for o in outputs if "image/png" in o.get("data", {})]
        assert len(pngs) >= 3, f"{run_id}: only {len(pngs)} charts"


def test_no_widget_views_when_not_interactive(executed):
    static = [(rid, nb) for rid, (_s, params, nb) in executed.items() if params.get("interactive") is False]
    assert static
    for run_id, nb in static:
        views = [o for o in _outputs(nb) if WIDGET_VIEW in o.get("data", {})]
        assert not views, f"{run_id}: {len(views)} widget views in a static run"


def test_interactive_energy_shows_the_explorer(executed):
    _stem, _params, nb = executed["defaults:10_energy"]
    views = [o for o in _outputs(nb) if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1, "the energy explorer is one widget box"
    state = (
        nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    )
    descriptions = {m["state"].get("description") for m in state.values()}
    assert {"指标", "截至月份", "口径"} <= descriptions, descriptions
    assert any(m["model_name"] == "OutputModel" for m in state.values())
    # the chart inside the widget Output is a matplotlib PNG
    outputs = [m["state"].get("outputs", []) for m in state.values() if m["model_name"] == "OutputModel"]
    assert any("image/png" in o.get("data", {}) for outs in outputs for o in outs), json.dumps(outputs)[:300]
