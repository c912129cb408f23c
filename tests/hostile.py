"""Hostile places to write to, for the tests of the command line and the exports: a full disk, a read-only
folder, a plan whose names are formulas; and the ``liulin`` console script run as a user runs it."""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# a catalog name an attacker (or an unlucky copy-paste) could put in a plan: Excel would run it as a formula
FORMULA_NAME = '=HYPERLINK("http://example.invalid/x","粮食播种面积")'


def liulin(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``liulin ARGS`` in a fresh Python process, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


class _FullDiskFile:
    """A file on a full disk: half of the first write lands, then ENOSPC (what the OS reports)."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def full_disk(monkeypatch) -> None:
    """From now on (for the test), every file opened for writing by ``os.fdopen`` — the atomic writes of
    ``briefing/files.py`` — is on a full disk."""
    real = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real(fd, mode, *args, **kwargs)
        return _FullDiskFile(fh) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made unwritable: mode 0555, and immutable (chattr +i) for root, who ignores the mode.

    Skips the test when running as root without chattr +i (no folder is then read-only to root).
    """
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        immutable = (
            bool(chattr) and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0
        )
        if not immutable:
            folder.chmod(0o755)
            pytest.skip("root ignores permission bits and chattr +i is not available here")
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr"), "-i", str(folder)], check=True)
        folder.chmod(0o755)


def formula_plan(folder: Path) -> Path:
    """The shipped plan exported to ``folder`` (through the CLI), with the name of its first catalog row
    (粮食播种面积) replaced by :data:`FORMULA_NAME`; ``liulin plan check`` passes it."""
    out = liulin("plan", "export", "liulin-2026", str(folder))
    assert out.returncode == 0, out.stderr
    plan_yaml = folder / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace("name: liulin-2026", "name: formula-2026"),
        encoding="utf-8",
    )
    path = folder / "targets.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("indicator")
    assert rows[1][column] == "粮食播种面积"
    rows[1][column] = FORMULA_NAME
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder
