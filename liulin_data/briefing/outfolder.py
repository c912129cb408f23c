"""The output folder ``OUT``: what liulin wrote there, and nothing else touched.

A run replaces whole briefing folders (``OUT/YYYY-MM/NAME``, swapped in by
:func:`~liulin_data.files.atomic.swap_in`) and rewrites the archive page ``OUT/index.html``. Both would destroy
whatever else sits there, so before anything is written (and again just before each swap) every folder a run
will replace must hold only what liulin writes into a briefing folder, and ``OUT/index.html`` must be the
archive page liulin wrote. Anything else — a note of the analyst's in a briefing folder, a folder liulin did not
make, a page of their own called ``index.html`` — stops the run (:class:`OutputError`, exit 2) naming every
such path, unless the run was asked to ``force``: then each is moved aside, not deleted, into
``OUT/moved-aside-YYYYmmddTHHMMSS/`` under its own path, and the run says where.

What liulin writes into a briefing folder (:func:`foreign_entries` accepts exactly these): ``manifest.json``,
``index.html``, ``NAME.html``, and for each notebook the manifest names ``<stem>.html``, ``<stem>.ipynb`` and
``<stem>.failed.ipynb``; any ``*.failed.ipynb`` (a failed notebook is kept even where no briefing was made yet);
the ``superseded/`` folder of earlier versions (:mod:`liulin_data.briefing.versions`); and the temporary files of
an interrupted atomic write (``.NAME.….tmp``).

The archive page is recognised by the checksum liulin recorded when it last wrote it (``OUT/.liulin-index``), or,
for an archive made before that record existed, by its title (``…简报归档``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.exceptions import OutputError
from ..files.atomic import atomic_write, sha256_file
from ..plan.folder import Plan
from . import archive

MANIFEST = "manifest.json"
SUPERSEDED = "superseded"
INDEX = "index.html"
# the checksum of the archive page liulin last wrote
INDEX_RECORD = ".liulin-index"
# where --force moves what liulin did not write (under OUT, keeping each path below OUT)
MOVED_ASIDE = "moved-aside-{stamp}"
# an archive page made before INDEX_RECORD existed: its title
_ARCHIVE_TITLE = re.compile(r"<title>[^<]*简报归档</title>")
# a temporary file of atomic_write interrupted by a kill: .NAME.XXXXXXXX.tmp
_ATOMIC_TMP = re.compile(r"^\..+\.tmp$")


def read_manifest(folder: Path) -> dict | None:
    """A briefing folder's manifest, or None when it has none (or it is not a manifest liulin wrote)."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and "manifest_version" in manifest else None


def _own_names(folder: Path, manifest: dict | None) -> set[str]:
    """The names liulin writes into a briefing folder with this manifest (none but failed notebooks without)."""
    if manifest is None:
        return set()
    stems = list(manifest.get("notebooks") or {})
    names = {MANIFEST, INDEX, f"{manifest.get('name') or folder.name}.html", f"{folder.name}.html"}
    names |= {f"{s}{ext}" for s in stems for ext in (".html", ".ipynb", ".failed.ipynb")}
    return names


def foreign_entries(folder: Path) -> list[Path]:
    """What in ``folder`` (a briefing folder a run would replace) liulin did not write; [] when it is absent."""
    if not folder.exists() and not folder.is_symlink():
        return []
    if folder.is_symlink() or not folder.is_dir():
        return [folder]
    manifest = read_manifest(folder)
    own = _own_names(folder, manifest)
    foreign = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if entry.is_symlink():
            foreign.append(entry)
        elif entry.is_dir():
            if not (name == SUPERSEDED and manifest is not None):
                foreign.append(entry)
        elif not (name in own or name.endswith(".failed.ipynb") or _ATOMIC_TMP.match(name)):
            foreign.append(entry)
    return foreign


def foreign_index(out: Path) -> Path | None:
    """``OUT/index.html`` when it is there and is not the archive page liulin wrote."""
    page = out / INDEX
    if not page.exists() and not page.is_symlink():
        return None
    if page.is_symlink() or not page.is_file():
        return page
    record = out / INDEX_RECORD
    try:
        if record.is_file() and record.read_text(encoding="utf-8").strip() == sha256_file(page):
            return None
        head = page.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return page
    return None if _ARCHIVE_TITLE.search(head) else page


def write_index(out: Path, plan: Plan | None) -> Path:
    """Rebuild the archive page (:func:`liulin_data.briefing.archive.build_index`) and record its checksum, so
    the next run knows the page is liulin's."""
    page = archive.build_index(out, plan)
    atomic_write(out / INDEX_RECORD, sha256_file(page) + "\n")
    return page


@dataclass
class Guard:
    """The run's rule for what is in ``OUT``: refuse (the default) or, with ``force``, move it aside.

    ``moved``: (from, to) of everything moved aside in this run, for the run to say.
    """

    out: Path
    force: bool = False
    started: datetime = field(default_factory=datetime.now)
    moved: list[tuple[Path, Path]] = field(default_factory=list)
    stopped: bool = False  # the run is being interrupted: nothing more is swapped in

    @property
    def aside(self) -> Path:
        """The folder this run moves things aside into (made on first use)."""
        return self.out / MOVED_ASIDE.format(stamp=self.started.strftime("%Y%m%dT%H%M%S"))

    def check(self, folders: list[Path], index: bool = True) -> None:
        """Refuse (OutputError naming every path) or move aside whatever in ``folders`` (briefing folders the
        run will replace) and ``OUT/index.html`` liulin did not write."""
        found = [p for folder in folders for p in foreign_entries(folder)]
        page = foreign_index(self.out) if index else None
        if page is not None:
            found.append(page)
        if not found:
            return
        if not self.force:
            raise OutputError(refusal(self.out, found), path=found[0], reason="exists")
        for path in found:
            self.move_aside(path)

    def move_aside(self, path: Path) -> Path:
        """Move ``path`` (a file or folder under OUT) to the same place under :attr:`aside`."""
        dest = self.aside / path.relative_to(self.out)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, dest)
        self.moved.append((path, dest))
        return dest

    def said(self) -> str:
        """One line naming what was moved aside and where ('' when nothing was)."""
        if not self.moved:
            return ""
        names = "、".join(str(src.relative_to(self.out)) for src, _ in self.moved)
        return f"注意：以下不是 liulin 生成的文件已移到 {self.aside}（未删除）：{names}"


def refusal(out: Path, found: list[Path]) -> str:
    """The message of a run stopped by what liulin did not write."""
    what = "；".join(_describe(out, p) for p in found)
    return (
        f"输出文件夹 {out} 中有不是 liulin 生成的内容，生成简报会覆盖或删除它们，因此未写入任何文件：{what}。"
        f"请把它们移走，或换一个 --out 文件夹，或加 --force（把它们移到 {out}/moved-aside-…/ 下保存，不删除）"
    )


def _describe(out: Path, path: Path) -> str:
    if path == out / INDEX:
        return f"{path}（不是 liulin 生成的简报归档页）"
    if path.is_dir() and not path.is_symlink():
        return f"{path}（不是 liulin 生成的简报文件夹）" if read_manifest(path) is None else str(path)
    return str(path)


__all__ = [
    "INDEX_RECORD",
    "MOVED_ASIDE",
    "SUPERSEDED",
    "Guard",
    "foreign_entries",
    "foreign_index",
    "read_manifest",
    "refusal",
    "write_index",
]
