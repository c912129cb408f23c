"""Snapshots: loaded inputs saved once and handed to every notebook kernel of a briefing.

The briefing renderer parses the analyst's files once (:func:`~.load.load_inputs`), saves the frames with
:func:`save_snapshot` into its own staging folder, and each kernel reads them back with :func:`load_snapshot`
instead of parsing the files again. The file is a pickle of the frames with their ``attrs`` (counts,
ignored lines, revisions): fast, and exact for pandas objects. A pickle can run code when loaded, so a
snapshot is only ever read from a folder the renderer itself wrote; the sha256 returned by
:func:`save_snapshot` can be passed to :func:`load_snapshot` to make sure the file is the one written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import LiulinError

if TYPE_CHECKING:
    import pandas as pd

SNAPSHOT_FORMAT = (
    2  # bump when the payload changes; an older snapshot is refused, never misread (2: warnings)
)
PICKLE_PROTOCOL = 5


class SnapshotError(LiulinError, ValueError):
    """Raised when a snapshot file is missing, of another format, or not the one expected (sha256)."""


def save_snapshot(
    actuals: pd.DataFrame, milestones: pd.DataFrame | None, path, sources: list[str] | None = None
) -> str:
    """Write ``(actuals, milestones)`` to ``path`` (atomically); returns the file's sha256 (hex).

    ``sources``: what the frames were read from (plan folder, files, override file); :func:`load_snapshot`
    refuses the snapshot when asked for other sources.
    """
    from .. import __version__

    payload = {
        "format": SNAPSHOT_FORMAT,
        "library": __version__,
        "actuals": actuals,
        "milestones": milestones,
        "sources": list(sources) if sources is not None else None,
    }
    data = pickle.dumps(payload, protocol=PICKLE_PROTOCOL)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


def load_snapshot(
    path, sha256: str | None = None, sources: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``(actuals, milestones)`` as :func:`save_snapshot` wrote them (frames and their ``attrs``).

    Raises :class:`SnapshotError` when the file is missing, its sha256 is not ``sha256`` (when given), it
    was saved from other ``sources`` (when given), or it is not a snapshot of this format.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"无法读取输入快照 {path}：{exc.strerror}") from None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise SnapshotError(f"输入快照 {path} 与写入时不同（sha256 不符）：请重新生成简报")
    try:
        payload = pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means "not our snapshot"
        raise SnapshotError(f"{path} 不是输入快照：{type(exc).__name__}") from None
    if not isinstance(payload, dict) or payload.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f"{path} 不是第 {SNAPSHOT_FORMAT} 版的输入快照：请重新生成简报")
    if sources is not None and payload.get("sources") != list(sources):
        raise SnapshotError(f"输入快照 {path} 来自其他输入文件：请重新生成简报")
    return payload["actuals"], payload["milestones"]
