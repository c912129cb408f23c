"""Shared helpers for the real-client browser tests (headless Chromium driven by Playwright).

Chromium is Debian's ``/usr/bin/chromium`` (``make browser`` installs it); Playwright never downloads a
browser here. Every wait is bounded, every process started here is killed at the end (its whole process
group), and the only traffic allowed is loopback HTTP to a server the test started, ``file://`` and ``data:``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Debian's Chromium, installed by `make browser`
CHROMIUM_PATH = Path(os.environ.get("LIULIN_CHROMIUM", "/usr/bin/chromium"))

# setting this env var to 1 turns a missing Chromium into a skip instead of a failure
SKIP_ENV = "LIULIN_SKIP_BROWSER"

# Chromium flags: headless as root, and no background connections (the closed network refuses them)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# default Playwright timeout for one action or wait, in milliseconds
ACTION_TIMEOUT_MS = 20_000

# how long JupyterLab may take to answer /api/status, in seconds
LAB_START_TIMEOUT_S = 60

# the virtualenv's Python (the tests run under it); JupyterLab and its kernels run under it too
VENV_PYTHON = Path(sys.executable)


def chromium_available() -> bool:
    """Return True when the Chromium executable exists and is executable."""
    return CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK)


def require_chromium() -> None:
    """Fail the calling test when Chromium is missing (skip only when ``LIULIN_SKIP_BROWSER=1``)."""
    if chromium_available():
        return
    message = (
        f"Chromium 不可用：找不到 {CHROMIUM_PATH}。请先运行 `make browser` 安装 Debian 的 chromium "
        f"(Chromium not found at {CHROMIUM_PATH}: run `make browser`; set {SKIP_ENV}=1 to skip browser tests)."
    )
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


@dataclass
class NetworkLog:
    """What a page asked for: allowed requests, blocked (off-host) requests and failed requests."""

    allowed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def guard_network(context, allowed_prefixes: tuple[str, ...]) -> NetworkLog:
    """Abort every request of ``context`` whose URL does not start with one of ``allowed_prefixes``.

    Parameters
    ----------
    context
        A Playwright ``BrowserContext``.
    allowed_prefixes
        URL prefixes that may load, e.g. ``("file://", "data:")`` or ``("http://127.0.0.1:8888/",)``.

    Returns
    -------
    NetworkLog
        Filled while the context lives: ``blocked`` lists aborted URLs, ``failed`` lists
        ``requestfailed`` events (URL and failure text).
    """
    log = NetworkLog()

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(allowed_prefixes):
            log.allowed.append(url)
            route.continue_()
        else:
            log.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    context.on("requestfailed", lambda req: log.failed.append(f"{req.url} ({req.failure})"))
    return log


@contextlib.contextmanager
def chromium(work_dir: Path, viewport: dict | None = None) -> Iterator:
    """Launch headless Chromium with a fresh profile under ``work_dir`` and yield a browser context.

    Parameters
    ----------
    work_dir
        A scratch folder (the test's ``tmp_path``); the profile goes into ``work_dir / "chromium-profile"``.
    viewport
        ``{"width": .., "height": ..}``; Playwright's default 1280x720 when None.

    Yields
    ------
    playwright.sync_api.BrowserContext
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    profile = Path(work_dir) / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM_PATH),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport or {"width": 1280, "height": 720},
            timeout=ACTION_TIMEOUT_MS * 3,
            locale="zh-CN",
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


# a font family whose name says it covers Chinese
CJK_FAMILY = re.compile(
    r"CJK|\bSC\b|Hei|Song|Liulin|Han Sans|Han Serif|YaHei|PingFang|Kai|Ming", re.IGNORECASE
)
# Han characters (for counting what must be drawn by a CJK family)
HAN = re.compile(r"[\u3400-\u9fff]")


def cjk_fonts_for(context, page, selector: str) -> tuple[str, list[dict]]:
    """Text of the first ``selector`` element and the platform fonts Chromium used to draw it (CDP)."""
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no {selector} element in the page"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return page.locator(selector).first.inner_text(), fonts


def cjk_coverage(context, page, selector: str) -> tuple[str, int, int, list[dict]]:
    """(text, Chinese characters in it, glyphs Chromium drew with a CJK family, the fonts used) of ``selector``.

    On a machine without a Chinese system font a CJK family can only come from a font the page embeds.
    """
    text, fonts = cjk_fonts_for(context, page, selector)
    drawn = sum(f["glyphCount"] for f in fonts if CJK_FAMILY.search(f["familyName"]))
    return text, len(HAN.findall(text)), drawn, fonts


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: its base URL (``http://127.0.0.1:PORT/``), token and log file."""

    url: str
    token: str
    port: int
    log_path: Path
    process: subprocess.Popen

    def lab_url(self, notebook: str) -> str:
        """URL that opens ``notebook`` (relative to the server root) in the JupyterLab UI."""
        return f"{self.url}lab/tree/{notebook}?token={self.token}"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server log, for failure messages."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def _jupyter_data_path() -> list[str]:
    """The venv's Jupyter data dirs (kernelspecs, labextensions of jupyterlab_widgets)."""
    from jupyter_core.paths import jupyter_path

    return [p for p in jupyter_path() if p.startswith(sys.prefix)]


def _kill_group(proc: subprocess.Popen) -> None:
    """Terminate ``proc`` and its children (its own process group), then kill what is left."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def jupyter_lab(root_dir: Path, work_dir: Path) -> Iterator[LabServer]:
    """Start JupyterLab on 127.0.0.1 serving ``root_dir``; yield it once /api/status answers; always stop it.

    Config, data and runtime dirs, the IPython dir, lab settings and workspaces all live under
    ``work_dir / "jupyter"`` so the user's own Jupyter setup neither leaks in nor gets written to; the
    venv's data dirs stay on ``JUPYTER_PATH`` so the kernelspec and the ipywidgets lab extension are found.
    News, update checks and the PyPI extension manager are off: the page only talks to this server.

    Parameters
    ----------
    root_dir
        Folder the server exposes (a copy of the notebooks, never the repository itself).
    work_dir
        Scratch folder (the test's ``tmp_path``).

    Yields
    ------
    LabServer
    """
    home = Path(work_dir) / "jupyter"
    dirs = {name: home / name for name in ("config", "data", "runtime", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    token = os.urandom(16).hex()
    port = free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_PATH=os.pathsep.join(_jupyter_data_path()),
        IPYTHONDIR=str(dirs["ipython"]),
        PATH=os.pathsep.join([str(VENV_PYTHON.parent), env.get("PATH", "")]),
        PYTHONUNBUFFERED="1",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    env.pop("JUPYTER_PREFER_ENV_PATH", None)
    cmd = [
        str(VENV_PYTHON),
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--IdentityProvider.token={token}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.open_browser=False",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    log_path = home / "lab.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        cmd,
        cwd=root_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: kernels die with the server
    )
    server = LabServer(f"http://127.0.0.1:{port}/", token, port, log_path, proc)
    try:
        _wait_for_status(server)
        yield server
    finally:
        _kill_group(proc)
        log.close()


# loopback requests must never go through an HTTP proxy from the environment
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _wait_for_status(server: LabServer) -> None:
    """Poll ``/api/status`` until it answers 200; fail with the server log after LAB_START_TIMEOUT_S."""
    deadline = time.monotonic() + LAB_START_TIMEOUT_S
    status_url = f"{server.url}api/status?token={server.token}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"JupyterLab 启动失败 (exit {server.process.returncode}); log:\n{server.log_tail()}",
                pytrace=False,
            )
        try:
            with _NO_PROXY.open(status_url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"JupyterLab 未在 {LAB_START_TIMEOUT_S} 秒内响应 {status_url}; log:\n{server.log_tail()}",
        pytrace=False,
    )
