"""Versions of one briefing: a page made again from other data keeps the earlier page as a superseded version.

A briefing folder ``OUT/YYYY-MM/NAME`` holds the current page; each earlier page that said something else
(it was made from other data: :func:`why_changed`) stays beside it::

    OUT/YYYY-MM/NAME/superseded/<YYYYmmddTHHMMSS>/   index.html, NAME.html, <stem>.html, manifest.json

named by the time the earlier page was made (in the plan's time zone, as its manifest says), and listed in the
current manifest, newest first, earlier entries carried over::

    "superseded": [{"generated_at": "YYYY-MM-DDTHH:MM:SS+08:00", "path": "superseded/<stamp>/index.html",
                    "reason": "输入文件已更新"}]

Everything is put into the new briefing's staging folder before the one atomic swap
(:func:`~liulin_data.files.atomic.swap_in`), so a failure leaves the current page and its versions as they were.
A page made again from the same data (same :func:`~liulin_data.briefing.prepare.data_digest`) replaces the
earlier one without a version: nothing a reader could have read differently is lost.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from ..core.exceptions import OutputError
from ..files.atomic import atomic_write, swap_in
from .outfolder import INDEX, MANIFEST, SUPERSEDED, Guard, read_manifest

# why a page was made again (the manifest's "reason" of a superseded version)
INPUTS_CHANGED = "输入文件已更新"
PLAN_CHANGED = "计划或目标已更新"  # the same files, other targets (plan.yaml, targets.csv, override file)
STAMP = "%Y%m%dT%H%M%S"


def _files(manifest: dict) -> set[tuple[str, str]]:
    return {(str(f.get("name")), str(f.get("sha256"))) for f in manifest.get("inputs") or []}


def why_changed(old: dict, new: dict) -> str | None:
    """Why a page with manifest ``new`` supersedes the page with manifest ``old`` (None: the same data).

    The data digests decide (the actual values up to the month, the milestone log, the targets); a manifest
    made before digests existed is compared by its input files' checksums.
    """
    files_differ = _files(old) != _files(new)
    before, after = old.get("data_digest"), new.get("data_digest")
    if before and after:
        if before == after:
            return None
        return INPUTS_CHANGED if files_differ else PLAN_CHANGED
    return INPUTS_CHANGED if files_differ else None


def file_changes(old_files: list[dict], new_files: list[dict], limit: int = 3) -> str:
    """The input files that differ between two briefings, in words: 新增 a.xlsx；改动 b.csv；不再使用 c.csv."""
    before = {str(f.get("name")): f.get("sha256") for f in old_files}
    after = {str(f.get("name")): f.get("sha256") for f in new_files}
    groups = (
        ("新增", [n for n in after if n not in before]),
        ("改动", [n for n in after if n in before and before[n] != after[n]]),
        ("不再使用", [n for n in before if n not in after]),
    )
    parts = []
    for word, names in groups:
        if names:
            shown = "、".join(names[:limit]) + (f" 等 {len(names)} 个" if len(names) > limit else "")
            parts.append(f"{word} {shown}")
    return "；".join(parts)


def _stamp(manifest: dict, folder: Path) -> str:
    """When the page was made, as a folder name: its manifest's generated_at, else the manifest file's time."""
    try:
        return datetime.fromisoformat(str(manifest["generated_at"])).strftime(STAMP)
    except (KeyError, ValueError):
        return datetime.fromtimestamp((folder / MANIFEST).stat().st_mtime).strftime(STAMP)


def _page_files(manifest: dict, folder: Path) -> list[str]:
    """The reader's files of a briefing: the page under both names, each notebook's page, the manifest."""
    stems = list(manifest.get("notebooks") or {})
    names = [INDEX, f"{manifest.get('name') or folder.name}.html", *(f"{s}.html" for s in stems), MANIFEST]
    return [n for n in dict.fromkeys(names) if (folder / n).is_file()]


def link_file(src: str | Path, dest: str | Path) -> None:
    """``src`` at ``dest`` too: a hard link where the file system allows (no bytes copied), else a copy."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def link_tree(src: Path, dest: Path) -> None:
    """Copy the folder ``src`` to ``dest`` file by file with :func:`link_file`."""
    shutil.copytree(src, dest, copy_function=link_file, symlinks=True)


def carry_over(final: Path, staging: Path, manifest: dict) -> dict:
    """Put into ``staging`` (the new briefing, not yet swapped in) the versions of ``final`` (the current one):
    its ``superseded/`` folder, and its page as a new superseded version when ``manifest`` (the new page's)
    was made from other data. Returns ``manifest`` with its ``superseded`` list (newest first)."""
    old = read_manifest(final) if final.is_dir() else None
    versions: list[dict] = []
    if old is not None and (final / SUPERSEDED).is_dir():
        link_tree(final / SUPERSEDED, staging / SUPERSEDED)
        versions = [v for v in old.get(SUPERSEDED) or [] if isinstance(v, dict)]
    reason = why_changed(old, manifest) if old is not None else None
    if reason is not None:
        stamp = _stamp(old, final)
        dest = staging / SUPERSEDED / stamp
        k = 1
        while dest.exists():  # two pages made within one second
            k += 1
            dest = staging / SUPERSEDED / f"{stamp}-{k}"
        dest.mkdir(parents=True)
        for name in _page_files(old, final):
            link_file(final / name, dest / name)
        entry = {
            "generated_at": old.get("generated_at"),
            "path": f"{SUPERSEDED}/{dest.name}/{INDEX}",
            "reason": reason,
        }
        versions.insert(0, entry)
    return {**manifest, SUPERSEDED: versions}


def install(staging: Path, final: Path, manifest: dict, guard: Guard) -> dict:
    """Swap the briefing made in ``staging`` in as ``final``, in one atomic step, with its versions.

    First ``final`` is checked again for anything liulin did not write (refused or moved aside by ``guard``);
    then the versions are carried over (:func:`carry_over`) and the manifest written. Returns the manifest as
    written. A run that is being stopped (``guard.stopped``) swaps nothing in.
    """
    if guard.stopped:
        raise OutputError(f"运行已中断，{final} 未改动", path=final, reason="os")
    guard.check([final], index=False)
    manifest = carry_over(final, staging, manifest)
    text = json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False)
    atomic_write(staging / MANIFEST, text)
    swap_in(staging, final)
    return manifest


__all__ = [
    "INPUTS_CHANGED",
    "PLAN_CHANGED",
    "carry_over",
    "file_changes",
    "install",
    "link_file",
    "link_tree",
    "why_changed",
]
