"""Files of a briefing written so that a reader never sees half a file: temp file in the same folder, then rename."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..core.exceptions import LockError

# the process umask, so atomically written files get ordinary permissions (not mkstemp's 0600)
UMASK = os.umask(0)
os.umask(UMASK)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------ folder swap

# renameat2(2) flag: swap two paths in one step (Linux ≥ 3.15 on ext4, xfs, btrfs, tmpfs …)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step; False where the OS or file system cannot."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def _prev(final: Path) -> Path:
    return final.parent / f".{final.name}.prev"


def swap_in(staging: Path, final: Path) -> None:
    """Make the folder ``staging`` become ``final``, with no moment where ``final`` is missing.

    A new ``final`` is one rename. An existing one is exchanged with ``staging`` in one ``renameat2``
    (RENAME_EXCHANGE) step, and the old content, now at ``staging``, is removed. Where the OS has no
    exchange, the old folder is renamed to ``.NAME.prev`` first; a kill between the two renames is
    repaired by :func:`recover`, which every command that writes ``OUT`` runs first.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    if not final.exists():
        os.rename(staging, final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # the old briefing
        return
    prev = _prev(final)
    shutil.rmtree(prev, ignore_errors=True)
    os.rename(final, prev)
    os.rename(staging, final)
    shutil.rmtree(prev, ignore_errors=True)


def recover(out: Path) -> None:
    """Finish a swap interrupted between its renames, and drop stale staging folders (the caller holds the lock).

    Only what a swap leaves is touched: a ``.NAME.prev`` folder holding a briefing's ``manifest.json``, and
    ``.staging-*`` folders; a file or folder of another kind with such a name is left as it is."""
    for prev in Path(out).glob("????-??/.*.prev"):
        if prev.is_symlink() or not (prev / "manifest.json").is_file():
            continue
        final = prev.parent / prev.name[1:-5]
        if final.exists() or final.is_symlink():
            shutil.rmtree(prev, ignore_errors=True)
        else:
            os.rename(prev, final)
    for stale in Path(out).glob(".staging-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def out_lock(out: Path):
    """Hold ``OUT/.lock`` for a run; LockError (exit 3) when another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(Path(out) / ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockError(
            f"另一个简报生成进程正在写入 {out}（锁文件 {Path(out) / '.lock'}）；请等它结束后再运行"
        ) from None
    try:
        yield
    finally:
        lock.release()
