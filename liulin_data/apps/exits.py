"""What went wrong, as an exit code and a Chinese message: the one map, for every ``liulin`` command and for
every briefing of a run (``liulin brief`` exits with the worst of its briefings' codes).

| code | meaning |
|---|---|
| 0 | done |
| 1 | the command ran and found problems (check, plan check), or a briefing failed (a notebook, a lost cluster) |
| 2 | bad input, parameters, path, plan or usage, a full disk, or files in ``--out`` liulin did not write |
| 3 | another run holds the output folder's lock |
| 4 | an internal error (a bug): a short message, the traceback in a log file it names |
| 130 | interrupted (Ctrl-C) |
| 143 | terminated (SIGTERM): the same cleanup as Ctrl-C |

Nothing a user can fix shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from ..core.exceptions import ActualsError, LiulinError, LockError, RenderError
from ..core.version import __version__
from ..files.exports import USER_ERRNOS, os_error_text
from ..present.fonts import cache_dir

EXIT_OK = 0  # done
EXIT_FAILED = 1  # the command ran and found problems, or a briefing notebook failed
EXIT_BAD_INPUT = 2  # bad input, parameters, path or usage, or a full disk: nothing was written
EXIT_LOCKED = 3  # another run holds the output folder's lock
EXIT_INTERNAL = 4  # an unexpected error (a bug): the full traceback is in the log file the message names
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)
EXIT_TERMINATED = 143  # SIGTERM (128 + 15): the same cleanup as Ctrl-C

# the log folder of internal errors, under the user cache folder (present.fonts.cache_dir)
LOG_FOLDER = "logs"


def one_line(text: object) -> str:
    return " ".join(str(text).split())


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, systemd stopping a service, cron's timeout): raised in the main thread like Ctrl-C's
    KeyboardInterrupt, so that the same cleanup runs (kernels shut down, staging folders removed, the output
    lock released) and the same kind of message is printed; exit :data:`EXIT_TERMINATED`."""


def exit_code(exc: BaseException) -> int:
    """The one map from what went wrong to the exit code, for every command and every briefing of a run:
    locked 3, a notebook failed 1, any other error of ours (bad input, parameters, path, plan) 2, Ctrl-C 130,
    SIGTERM 143."""
    if isinstance(exc, Terminated):
        return EXIT_TERMINATED
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, LockError):
        return EXIT_LOCKED
    if isinstance(exc, RenderError):
        return EXIT_FAILED
    if isinstance(exc, LiulinError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def error_text(exc: BaseException, args: argparse.Namespace) -> str:
    """The Chinese message of one of our errors. A run of ``liulin brief`` that stops on bad actuals says how
    many problems there are and the first, and names ``liulin check`` (which lists them all); any other
    command lists every problem."""
    if isinstance(exc, ActualsError) and args.command == "brief":
        first = str(exc.problems[0]) if exc.problems else ""
        files = " ".join(str(p) for p in args.actuals or [])
        return (
            f"输入数据有 {len(exc.problems)} 个问题，未生成任何文件（首个：{one_line(first)}）；"
            f"请先运行 liulin check {files}".rstrip()
            + " 查看并修正全部问题"
        )
    return str(exc)


def _output_path(args: argparse.Namespace) -> str | None:
    """The output the command was given (``--out``, a plan folder to write), named when an OSError names none."""
    out = getattr(args, "out", None) or (getattr(args, "dir", None) if args.command == "plan" else None)
    return str(out) if out else None


def _inside(a: str, b: str) -> bool:
    """Whether one of two paths is the other or inside it."""
    a, b = os.path.abspath(a), os.path.abspath(b)
    return a == b or a.startswith(b.rstrip(os.sep) + os.sep) or b.startswith(a.rstrip(os.sep) + os.sep)


def os_error(exc: OSError, args: argparse.Namespace) -> int:
    """A bad path, a permission or a full disk (exit 2), in Chinese, naming the path; else an internal error."""
    if exc.errno not in USER_ERRNOS:
        return internal_error(exc, args)
    out = _output_path(args)
    named = exc.filename or exc.filename2
    writing = out is not None and (named is None or _inside(str(named), out))
    text = os_error_text(exc, named if named is not None else out, "写入" if writing else "访问")
    if out and named is not None and str(named) != out:
        text += f"（本次的输出位置：{out}）"
    print(f"错误：{text}", file=sys.stderr)
    return EXIT_BAD_INPUT


def save_log(text: str) -> Path | None:
    """Write an internal error's report to the log folder of the user cache (else the temp folder)."""
    name = f"liulin-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for folder in (cache_dir() / LOG_FOLDER, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return folder / name
        except OSError:
            continue
    return None


def internal_error(exc: BaseException, args: argparse.Namespace | None) -> int:
    """A bug, not the user's doing: a short message, and the full traceback in a log file it names."""
    report = "\n".join(
        [
            f"liulin-data {__version__}, Python {platform.python_version()}, {platform.platform()}",
            f"argv: {sys.argv if args is None else vars(args)}",
            "".join(traceback.format_exception(exc)),
        ]
    )
    log = save_log(report)
    print(
        f"内部错误（程序的缺陷，不是您的数据或操作有误）：{type(exc).__name__}: {one_line(exc)}",
        file=sys.stderr,
    )
    if log is None:  # nowhere to save it: the traceback is the only record
        print(report, file=sys.stderr)
    else:
        print(f"完整的出错信息已保存到 {log}；请把这个文件发给维护人员。", file=sys.stderr)
    return EXIT_INTERNAL


def quiet_stdout() -> None:
    """After a closed pipe (``liulin targets --csv | head``): no second BrokenPipeError at exit."""
    # stdout without a file descriptor (a test's capture) has nothing to quieten
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextlib.contextmanager
def sigterm_as_interrupt():
    """While a command runs, SIGTERM raises :class:`Terminated` in the main thread (once: a second SIGTERM
    during the cleanup is ignored, SIGKILL still ends the process). The previous handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "Terminated",
    "error_text",
    "exit_code",
    "internal_error",
    "os_error",
    "quiet_stdout",
    "sigterm_as_interrupt",
]
