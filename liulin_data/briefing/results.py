"""What a run of briefings produced: each briefing made (:class:`RenderResult`), each that failed
(:class:`BriefingFailure`) and the run as a whole (:class:`BatchResult`); and :func:`lean_imports`, what the
processes liulin owns go without."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.exceptions import LiulinError
from .progress import duration_text

# optional modules the renderer's process goes without (see lean_imports)
SKIPPED_IMPORTS = ("rfc3987_syntax",)


@dataclass
class RenderResult:
    """What one successful render produced."""

    name: str
    as_of: str
    briefing_dir: Path
    index_html: Path  # the briefing page (all notebooks in one self-contained file)
    briefing_html: Path  # the same page as NAME.html
    notebook_html: dict[str, Path]
    manifest: Path
    timings: dict[str, float]
    is_sample: bool
    month_missing: bool
    seconds: float
    changes: list[dict] = field(default_factory=list)
    superseded: list[dict] = field(default_factory=list)  # earlier versions kept (manifest's "superseded")

    @classmethod
    def from_manifest(cls, folder: Path, manifest: dict, seconds: float) -> RenderResult:
        """The result of the briefing in ``folder`` (OUT/YYYY-MM/NAME), as its manifest records it."""
        notebooks = manifest.get("notebooks") or {}
        return cls(
            name=folder.name,
            as_of=folder.parent.name,
            briefing_dir=folder,
            index_html=folder / "index.html",
            briefing_html=folder / f"{folder.name}.html",
            notebook_html={s: folder / f"{s}.html" for s in notebooks},
            manifest=folder / "manifest.json",
            timings={s: rec.get("seconds", 0.0) for s, rec in notebooks.items()},
            is_sample=bool(manifest.get("is_sample")),
            month_missing=bool(manifest.get("month_missing")),
            seconds=seconds,
            changes=manifest.get("changes") or [],
            superseded=manifest.get("superseded") or [],
        )


@dataclass
class BriefingFailure:
    """A briefing of a run that was not made; the previous good one, if any, is untouched."""

    as_of: str
    name: str
    error: LiulinError

    @property
    def label(self) -> str:
        return f"{self.as_of} {self.name}"

    @property
    def reason(self) -> str:
        return " ".join(str(self.error).split())


@dataclass
class BatchResult:
    """What a run produced: the briefings made (in job order) and the ones that failed."""

    results: list[RenderResult]
    failures: list[BriefingFailure]
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: how many were made, and which failed and why."""
        made = f"共 {len(self.results) + len(self.failures)} 份简报，完成 {len(self.results)} 份"
        if not self.failures:
            return f"{made}，用时 {_duration(self.seconds)}"
        failed = "；".join(f"{f.label}（{f.reason}）" for f in self.failures)
        return f"{made}，失败 {len(self.failures)} 份：{failed}"


def _duration(seconds: float) -> str:
    return duration_text(seconds)


def lean_imports() -> None:
    """Keep the renderer's own process from importing what it never uses and what costs seconds.

    jsonschema (imported by nbformat, papermill and nbconvert) imports ``rfc3987_syntax`` when it is installed
    (jupyter-events requires it), and that module compiles a grammar at import: 1.3 s of a ~8 s briefing on 2
    cores. It serves jsonschema's IRI format checks, which notebook validation never uses. Called by the
    processes liulin owns (``liulin brief``, a Dask worker's task) before anything imports jsonschema; a
    library user's process is left alone. An import already done is kept.
    """
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)  # None: "import rfc3987_syntax" raises ImportError at once
