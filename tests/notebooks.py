"""A briefing notebook for the run tests: the papermill parameters cell, a title, one code cell."""

from __future__ import annotations

from pathlib import Path

import nbformat

# the parameters every briefing notebook declares (papermill overrides them)
PARAMS_CELL = (
    "as_of = ''\nactuals = []\ntargets = ''\nplan = ''\ndomains = []\nlanguage = 'zh'\ninteractive = True\n"
    "snapshot = ''"
)


def make_notebook(path: Path, code: str, title: str | None = "测试简报") -> Path:
    """Write a python3 notebook at ``path``: parameters, ``# title`` (unless None), ``code``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    title_cell = [nbformat.v4.new_markdown_cell(f"# {title}")] if title else []
    nb.cells = [
        nbformat.v4.new_code_cell(PARAMS_CELL, metadata={"tags": ["parameters"]}),
        *title_cell,
        nbformat.v4.new_code_cell(code),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
