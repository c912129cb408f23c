"""Render scheduled briefings: papermill + nbconvert in one long-lived process, an archive, manifests, a lock.

Layout of the output folder ``OUT``::

    OUT/index.html                      every briefing (period, name, status counts, link), from the manifests
    OUT/.lock                           held while a render runs (a second run gets LockError, exit 3)
    OUT/YYYY-MM/NAME/index.html         the briefing: ONE self-contained HTML, every notebook a section
    OUT/YYYY-MM/NAME/NAME.html          the same page under a name fit for forwarding
    OUT/YYYY-MM/NAME/<stem>.html        one page per notebook
    OUT/YYYY-MM/NAME/<stem>.ipynb       the executed notebooks
    OUT/YYYY-MM/NAME/manifest.json      parameters, inputs (sha256), indicators, timings, changes
    OUT/YYYY-MM/NAME/<stem>.failed.ipynb  kept when a notebook fails (earlier good output stays untouched)

A render happens in a staging folder inside ``OUT`` and is swapped in only when every notebook succeeded,
so a failing or killed render never damages the previous good briefing. Every file is written atomically.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..exceptions import (
    ActualsError,
    LockError,
    ParamsError,
    PeriodError,
    Problem,
    ProblemsError,
    RenderError,
)
from ..periods import month_range, parse_month
from .params import (
    FIRST_MONTH,
    BriefingParams,
    field_help,
    load_params,
    notebook_parameters,
    safe_relpath,
)

# how long a kernel may take to start (seconds)
KERNEL_START_TIMEOUT_S = 120
# the nbconvert template (package data: liulin_data/briefing/templates/briefing/)
TEMPLATE_NAME = "briefing"
# the text printed by --due when every briefing exists
NOTHING_DUE = "无需生成：所有简报已是最新"
# manifest format version
MANIFEST_VERSION = 1
# the process umask, so atomically written files get ordinary permissions (not mkstemp's 0600)
_UMASK = os.umask(0)
os.umask(_UMASK)
_EXPORTER_LOCK = threading.Lock()
_EXPORTER: Any = None  # one nbconvert HTMLExporter per process (compiling the template costs ~1 s)
_WARM = False  # whether the exporter's template has been compiled


# --------------------------------------------------------------------------------------------- results


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


@dataclass
class DataSnapshot:
    """The data a briefing was made from, and each indicator's standing at ``as_of``."""

    files: list[dict]  # {"path", "name", "sha256"}
    is_sample: bool
    indicators: list[
        dict
    ]  # indicator_id, indicator, domain, target, actual, unit, status, completion, latest_period
    status_labels: dict[str, str]
    month_has_data: bool
    latest_period: str | None


# --------------------------------------------------------------------------------------------- files


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
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


def _repo_dir(sub: str) -> Path:
    """``sub`` of the repo: relative to the cwd if it exists there, else next to the package."""
    here = Path.cwd() / sub
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / sub


def default_params_dir() -> Path:
    """``params/`` of the repo (cwd first, then the repo root next to the package)."""
    return _repo_dir("params")


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the repo (cwd first, then the repo root next to the package)."""
    return _repo_dir("notebooks")


def _templates_dir() -> Path:
    return Path(str(resources.files("liulin_data.briefing") / "templates"))


def _sample_files() -> list[Path]:
    """The shipped synthetic sample data files the progress engine uses when no actuals are given."""
    from ..sample import sample_paths

    return sample_paths()


# --------------------------------------------------------------------------------------------- data


def _check_actual_files(paths: list[Path]) -> None:
    """Existence check, then ``load_actuals`` (raises ActualsError listing every problem)."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ActualsError(
            [
                Problem(str(p), None, None, None, "找不到实际值文件", "检查路径，或用 liulin check 检查文件")
                for p in missing
            ]
        )
    from ..tracker import plan_inputs

    plan_inputs(paths)


def _snapshot(
    as_of: str, paths: list[Path], domains: Sequence[str] = (), targets: str | Path | None = None
) -> DataSnapshot:
    """Each indicator's standing at ``as_of`` from :func:`liulin_data.engine.progress`.

    ``domains``: the briefing's own domains (a topic briefing counts only its indicators); empty = all.
    ``targets``: an analyst's target override file (see :func:`liulin_data.catalog.load_overrides`).
    """
    from ..catalog import load_targets
    from ..sample import any_sample
    from ..statuses import STATUS_LABELS
    from ..tracker import plan_inputs, progress

    catalog = load_targets(overrides=targets or None)
    frame, milestones = plan_inputs(paths, targets=catalog)
    table = progress(as_of, frame, catalog, milestones)
    if domains:
        table = table[table["domain"].isin(list(domains))]
    values = frame[frame["value"].notna()]
    # the month has data when an actual value covers it (milestone log dates do not count)
    month_has_data = bool((values["period"].astype(str) == as_of).any())
    is_sample = any_sample(table)  # the sample rule, over the indicators this briefing shows
    labels = dict(STATUS_LABELS)
    cols = [
        "indicator_id",
        "indicator",
        "domain",
        "target",
        "actual",
        "unit",
        "status",
        "completion",
        "latest_period",
    ]
    indicators = []
    for row in table.to_dict("records"):
        rec = {}
        for c in cols:
            v = row.get(c)
            if v is not None and not isinstance(v, str):
                try:
                    v = None if v != v else (float(v) if c in ("target", "actual", "completion") else str(v))
                except (TypeError, ValueError):
                    v = str(v)
            rec[c] = v
        indicators.append(rec)
    latest = [r["latest_period"] for r in indicators if r.get("latest_period")]
    files_used = paths if paths else _sample_files()
    return DataSnapshot(
        files=[{"path": str(p), "name": p.name, "sha256": sha256_file(p)} for p in files_used],
        is_sample=is_sample,
        indicators=indicators,
        status_labels=labels,
        month_has_data=month_has_data,
        latest_period=max(latest) if latest else None,
    )


def _latest_month(paths: list[Path]) -> str | None:
    """The latest month with any actual value in the data (the shipped sample when ``paths`` is empty)."""
    from ..tracker import plan_inputs

    frame = plan_inputs(paths)[0]
    # months with a value: the filled-in template lists every month, most still blank
    periods = frame.loc[frame["value"].notna(), "period"].dropna().astype(str)
    return max(periods) if len(periods) else None


# --------------------------------------------------------------------------------------------- html


def _exporter():
    """The process-wide HTMLExporter with the offline briefing template (built once)."""
    global _EXPORTER
    with _EXPORTER_LOCK:
        if _EXPORTER is None:
            from nbconvert import HTMLExporter

            _EXPORTER = HTMLExporter(
                extra_template_basedirs=[str(_templates_dir())],
                template_name=TEMPLATE_NAME,
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
                embed_images=True,
            )
        return _EXPORTER


_EXTERNAL_TAG_RE = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>",
    re.IGNORECASE,
)
_EXTERNAL_SRC_RE = re.compile(r"\b(src)\s*=\s*([\"'])((?:https?:)?//[^\"']*)\2", re.IGNORECASE)
_CSS_IMPORT_RE = re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//[^;]*;", re.IGNORECASE)
# what counts as loading something from the network (used by the tests too)
EXTERNAL_LOAD_RE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?https?://|@import\s+[\"']?(?:url\()?\s*[\"']?https?://",
    re.IGNORECASE,
)


def make_offline(page: str) -> str:
    """Remove every external script/stylesheet and neutralise external ``src`` attributes."""
    page = _EXTERNAL_TAG_RE.sub("", page)
    page = _CSS_IMPORT_RE.sub("", page)
    return _EXTERNAL_SRC_RE.sub(lambda m: f"data-offline-url={m.group(2)}{m.group(3)}{m.group(2)}", page)


_HEADING_RE = re.compile(r"<h([1-3])\s+id=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")


def _headings(body: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of the h1–h3 headings nbconvert rendered."""
    out = []
    for level, hid, inner in _HEADING_RE.findall(body):
        text = html.unescape(_TAG_RE.sub("", inner)).replace("¶", "").strip()
        if text:
            out.append((int(level), hid, text))
    return out


def _toc_html(entries: list[tuple[int, str, str]]) -> str:
    if not entries:
        return ""
    items = "".join(
        f'<li class="lvl{lvl}"><a href="#{html.escape(hid)}">{html.escape(text)}</a></li>'
        for lvl, hid, text in entries
    )
    return f'<nav class="liulin-toc"><strong>目录</strong><ul>{items}</ul></nav>'


def _between(page: str, start: str, end: str) -> tuple[int, int]:
    a = page.index(f"<!-- liulin:{start} -->")
    b = page.index(f"<!-- liulin:{end} -->")
    return a, b + len(f"<!-- liulin:{end} -->")


def _header_html(
    params: BriefingParams, as_of: str, snap: DataSnapshot, generated_at: str, subtitle: str = ""
) -> str:
    esc = html.escape
    parts = ['<header class="liulin-header">', f"<h1>{esc(params.title)}</h1>"]
    if subtitle:
        parts.append(f'<p class="liulin-subtitle">{esc(subtitle)}</p>')
    if not snap.month_has_data:
        latest = (
            f"（数据中最新月份：{snap.latest_period}）"
            if snap.latest_period
            else "（数据中没有任何月份的实际值）"
        )
        parts.append(
            f'<div class="liulin-banner liulin-missing">⚠ 本月数据缺失：{esc(as_of)} 没有任何实际值，'
            f"以下数字截至此前最近一个有数据的月份{esc(latest)}。</div>"
        )
    if snap.is_sample:
        parts.append(
            '<div class="liulin-banner liulin-sample">示例数据：本简报使用随包附带的合成示例数据，'
            "不是柳林县的真实统计数据，仅供演示。</div>"
        )
    files = "".join(
        f"<li><code>{esc(f['name'])}</code> sha256 <code>{esc(f['sha256'][:12])}</code></li>"
        for f in snap.files
    )
    files = files or "<li>（无）</li>"
    latest = f"（最新数据月份：{esc(snap.latest_period)}）" if snap.latest_period else ""
    parts.append(
        '<ul class="liulin-meta">'
        f"<li>报告期：{esc(parse_month(as_of).label)}</li>"
        f"<li>数据截至：{esc(as_of)}{latest}</li>"
        f"<li>数据文件{'（示例数据）' if snap.is_sample else ''}：<ul>{files}</ul></li>"
        f"<li>生成时间：{esc(generated_at)}</li>"
        "</ul></header>"
    )
    return "".join(parts)


def _changes_html(changes: list[dict], previous: str | None, labels: dict[str, str]) -> str:
    esc = html.escape
    head = '<section class="liulin-changes" id="liulin-changes"><h2>与上期相比的变化</h2>'
    if previous is None:
        return head + "<p>这是本简报的第一期，没有可比较的上期简报。</p></section>"
    if not changes:
        return head + f"<p>与上期（{esc(previous)}）相比，各指标状态没有变化。</p></section>"

    def lab(s: str | None) -> str:
        return "—" if s is None else labels.get(s, s)

    rows = "".join(
        f"<tr><td>{esc(c['indicator'] or c['indicator_id'])}</td><td>{esc(lab(c['from']))}</td>"
        f"<td>{esc(lab(c['to']))}</td></tr>"
        for c in changes
    )
    return (
        head + f"<p>与上期（{esc(previous)}）相比，{len(changes)} 项指标状态有变化：</p>"
        f"<table><thead><tr><th>指标</th><th>上期</th><th>本期</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _warm_exporter() -> None:
    """Build the exporter and compile its template once per process (~1 s) on an empty notebook."""
    import nbformat

    global _WARM
    if not _WARM:
        _export(nbformat.v4.new_notebook(), "", "warm-up")
        _WARM = True


def _export(nb: Any, header: str, title: str) -> str:
    """One notebook → one standalone offline HTML page (header block + TOC + outputs)."""
    nb.metadata["title"] = title
    exporter = _exporter()
    with _EXPORTER_LOCK:
        page, _ = exporter.from_notebook_node(nb, resources={"liulin_header": header})
    a, b = _between(page, "body:start", "body:end")
    toc = _toc_html(_headings(page[a:b]))
    page = page.replace("<!-- liulin:header:end -->", toc + "<!-- liulin:header:end -->", 1)
    return make_offline(page)


def _combine(pages: dict[str, str], header: str, changes: str, title: str) -> str:
    """Every notebook page's body as one section of a single self-contained page."""
    stems = list(pages)
    first = pages[stems[0]]
    sections, toc = [], []
    for stem in stems:
        page = pages[stem]
        a, b = _between(page, "body:start", "body:end")
        body = page[a:b]
        body = re.sub(r'(<h[1-6]\s+id=")', rf"\g<1>{stem}--", body)
        body = re.sub(r'(<a class="anchor-link" href="#)', rf"\g<1>{stem}--", body)
        heads = _headings(body)
        sec_title = next((t for lvl, _, t in heads if lvl == 1), stem)
        toc.append((1, f"nb-{stem}", sec_title))
        toc += [(max(2, lvl), hid, t) for lvl, hid, t in heads if lvl > 1 or t != sec_title]
        sections.append(
            f'<section class="liulin-section" id="nb-{stem}" data-notebook="{stem}">\n{body}\n</section>'
        )
    toc.append((1, "liulin-changes", "与上期相比的变化"))
    a, _ = _between(first, "header:start", "header:end")
    _, b = _between(first, "body:start", "body:end")
    page = (
        first[:a]
        + "<!-- liulin:header:start -->"
        + header
        + _toc_html(toc)
        + "<!-- liulin:header:end -->\n"
        + changes
        + "\n".join(sections)
        + first[b:]
    )
    page = re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page, count=1, flags=re.DOTALL
    )
    return make_offline(page)


# --------------------------------------------------------------------------------------------- archive


def _manifest_path(out: Path, as_of: str, name: str) -> Path:
    return out / as_of / name / "manifest.json"


def _previous_manifest(out: Path, name: str, as_of: str) -> tuple[str, dict] | None:
    """The manifest of the latest earlier period of the same briefing, if any."""
    earlier = sorted(
        (p.parent.parent.name, p)
        for p in out.glob(f"????-??/{name}/manifest.json")
        if p.parent.parent.name < as_of
    )
    for period, path in reversed(earlier):
        try:
            return period, json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def _status_changes(prev: dict | None, indicators: list[dict]) -> list[dict]:
    if prev is None:
        return []
    before = {r["indicator_id"]: r for r in prev.get("indicators", [])}
    out = []
    for rec in indicators:
        old = before.pop(rec["indicator_id"], None)
        old_status = old.get("status") if old else None
        if old_status != rec.get("status"):
            out.append(
                {
                    "indicator_id": rec["indicator_id"],
                    "indicator": rec.get("indicator"),
                    "from": old_status,
                    "to": rec.get("status"),
                }
            )
    for iid, old in before.items():
        out.append(
            {"indicator_id": iid, "indicator": old.get("indicator"), "from": old.get("status"), "to": None}
        )
    return out


def _status_summary(manifest: dict) -> str:
    """ "滞后 6 · 有风险 10 · … · 已完成 14": counts merged by Chinese label, most severe first."""
    from ..statuses import STATUS_RANK

    labels = manifest.get("status_labels", {})
    merged: dict[str, int] = {}
    for status, n in sorted(
        manifest.get("status_counts", {}).items(), key=lambda kv: STATUS_RANK.get(kv[0], 99)
    ):
        label = labels.get(status, status)
        merged[label] = merged.get(label, 0) + int(n)
    return " · ".join(f"{html.escape(label)} {n}" for label, n in merged.items())


def build_index(out_dir: str | Path) -> Path:
    """Rebuild ``OUT/index.html`` from every ``OUT/YYYY-MM/NAME/manifest.json``: one card per briefing."""
    out = Path(out_dir)
    esc = html.escape
    cards = []
    for path in sorted(
        out.glob("????-??/*/manifest.json"), key=lambda p: (p.parent.parent.name, p.parent.name), reverse=True
    ):
        period, name = path.parent.parent.name, path.parent.name
        link = f"{period}/{name}/index.html"
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            cards.append(
                f"<div class='card'><b>{esc(period)} {esc(name)}</b><p>manifest.json 无法读取：{esc(str(exc))}</p></div>"
            )
            continue
        flags = []
        if m.get("is_sample"):
            flags.append("<span class='flag sample'>示例数据</span>")
        if m.get("month_missing"):
            flags.append("<span class='flag missing'>本月数据缺失</span>")
        cards.append(
            f"<div class='card'><div class='period'>{esc(period)} · {esc(name)} {''.join(flags)}</div>"
            f"<a href='{esc(link)}'>{esc(m.get('title', name))}</a>"
            f"<p class='counts'>{_status_summary(m)}</p>"
            f"<p class='meta'>生成时间 {esc(m.get('generated_at', ''))}</p></div>"
        )
    body = "".join(cards) or "<p>还没有任何简报。</p>"
    page = f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>柳林县2026年目标任务简报归档</title>
<style>
body {{ max-width: 760px; margin: 0 auto; padding: 12px; line-height: 1.6;
  font-family: "Liulin Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }}
h1 {{ color: #8b1a1a; font-size: 1.4em; }}
.card {{ border: 1px solid #ddd; border-radius: 8px; padding: 10px 12px; margin: 10px 0; }}
.card a {{ font-size: 1.1em; font-weight: bold; color: #1f4e79; }}
.period {{ color: #555; font-size: 0.92em; }}
.counts {{ margin: 6px 0 0; }}
.meta {{ margin: 2px 0 0; color: #777; font-size: 0.85em; }}
.flag {{ border-radius: 4px; padding: 0 6px; margin-left: 6px; font-size: 0.85em; }}
.sample {{ background: #fff4d6; color: #6b4e00; }}
.missing {{ background: #fde2e1; color: #8a1f1b; }}
</style></head>
<body><h1>柳林县2026年目标任务简报归档</h1>
{body}
</body></html>
"""
    from ..present.webfont import embed_font

    target = out / "index.html"
    atomic_write(target, embed_font(page))
    return target


def _recover(out: Path) -> None:
    """Finish or undo a swap interrupted by a kill, and drop stale staging folders (lock held)."""
    for prev in out.glob("????-??/.*.prev"):
        final = prev.parent / prev.name[1:-5]
        if final.exists():
            shutil.rmtree(prev, ignore_errors=True)
        else:
            os.rename(prev, final)
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` (two renames; :func:`_recover` repairs a kill in between)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    prev = final.parent / f".{final.name}.prev"
    if prev.exists():
        shutil.rmtree(prev)
    if final.exists():
        os.rename(final, prev)
    os.rename(staging, final)
    shutil.rmtree(prev, ignore_errors=True)


# --------------------------------------------------------------------------------------------- render


def _execute(src: Path, dst: Path, parameters: dict, timeout_s: int, cwd: Path) -> float:
    """Run one notebook with papermill (its own kernel); returns the seconds it took."""
    import papermill

    t0 = time.perf_counter()
    papermill.execute_notebook(
        str(src),
        str(dst),
        parameters=parameters,
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
        execution_timeout=timeout_s,
        start_timeout=KERNEL_START_TIMEOUT_S,
        # the kernel's own log (TCP-transport notice, the interrupt at shutdown) is noise in a terminal;
        # cell errors still arrive through the notebook's outputs
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    return time.perf_counter() - t0


def _failure_text(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}".strip()
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


def _lock(out: Path):
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockError(
            f"另一个简报生成进程正在写入 {out}（锁文件 {out / '.lock'}）；请等它结束后再运行"
        ) from None
    return lock


def render_briefing(
    params: BriefingParams,
    as_of: str,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    notebooks_dir: str | Path | None = None,
    require_fresh: bool = False,
    progress_cb: Callable[[str], Any] | None = print,
    jobs: int | None = None,
    targets: str | Path | None = None,
) -> RenderResult:
    """Execute a briefing's notebooks in parallel and publish one offline HTML briefing.

    Parameters
    ----------
    params : BriefingParams
        The briefing (``load_params('params/monthly.yaml')``).
    as_of : str
        The month the briefing covers, 'YYYY-MM'.
    out_dir : str or Path
        The archive folder; the briefing goes to ``OUT/as_of/NAME/``.
    actuals : list of paths, optional
        Actuals files; overrides ``params.actuals``. Empty or None (with empty ``params.actuals``) means the
        shipped synthetic sample.
    notebooks_dir : path, optional
        Where ``<stem>.ipynb`` live; default the repo's ``notebooks/``.
    require_fresh : bool
        Fail (ActualsError) when ``as_of`` has no actual values at all (also set by ``params.require_fresh``).
    progress_cb : callable, optional
        Receives one line per notebook, e.g. ``[2/4] 10_energy … 7.9 s ok``.
    jobs : int, optional
        Notebooks run at once; default ``os.cpu_count()``.
    targets : path, optional
        An analyst's target override file; overrides ``params.targets``.

    Returns
    -------
    RenderResult

    Raises
    ------
    ParamsError, ActualsError
        Bad month, missing notebook, bad or missing actuals file: raised before anything is written.
    LockError
        Another run holds ``OUT/.lock``.
    RenderError
        A notebook failed; its executed copy is kept as ``OUT/as_of/NAME/<stem>.failed.ipynb``, the
        previous good briefing is untouched.
    """
    t_start = time.perf_counter()
    say = progress_cb or (lambda _line: None)
    try:
        as_of = str(parse_month(as_of))
    except PeriodError as exc:
        raise ParamsError(f"--as-of: {exc}") from None
    name = safe_relpath(params.name)
    stems = [safe_relpath(s) for s in params.notebooks]
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    sources = {stem: nb_dir / f"{stem}.ipynb" for stem in stems}
    absent = [str(p) for p in sources.values() if not p.is_file()]
    if absent:
        have = sorted(p.stem for p in nb_dir.glob("*.ipynb")) if nb_dir.is_dir() else []
        raise ParamsError(f"找不到笔记本 {', '.join(absent)}；{nb_dir} 下有：{', '.join(have) or '（无）'}")
    raw_paths = list(actuals) if actuals else list(params.actuals)
    paths = [Path(p).expanduser().resolve() for p in raw_paths]
    require_fresh = require_fresh or params.require_fresh
    overrides = str(Path(targets).resolve()) if targets else params.targets
    run_params = params.model_copy(
        update={"as_of": as_of, "actuals": [str(p) for p in paths], "targets": overrides}
    )
    nb_params = notebook_parameters(run_params)

    # 1. validate the inputs before anything is written
    if overrides:
        from ..catalog import load_overrides

        load_overrides(overrides)  # CatalogError listing every problem of the override file
    if paths:
        _check_actual_files(paths)
    snap: DataSnapshot | None = None
    if require_fresh:
        snap = _snapshot(as_of, paths, params.domains, run_params.targets)
        if not snap.month_has_data:
            raise ActualsError(
                [
                    Problem(
                        ", ".join(p.name for p in paths) or "示例数据",
                        None,
                        "period",
                        as_of,
                        f"{as_of} 没有任何实际值（require_fresh）",
                        "补录当月数据后用 liulin check 检查，再重新生成",
                    )
                ]
            )

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        _recover(out)
        final = out / as_of / name
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{as_of}-{name}-", dir=out))
        staging.chmod(0o777 & ~_UMASK)
        try:
            return _render_locked(
                run_params,
                as_of,
                out,
                final,
                staging,
                sources,
                nb_params,
                nb_dir,
                paths,
                snap,
                say,
                jobs,
                t_start,
            )
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        lock.release()


def _render_locked(
    params: BriefingParams,
    as_of: str,
    out: Path,
    final: Path,
    staging: Path,
    sources: dict[str, Path],
    nb_params: dict,
    nb_dir: Path,
    paths: list[Path],
    snap: DataSnapshot | None,
    say: Callable[[str], Any],
    jobs: int | None,
    t_start: float,
) -> RenderResult:
    import nbformat

    stems = list(sources)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stems)))
    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="liulin-nb") as pool:
        futures: dict[Future, str] = {
            pool.submit(_execute, sources[s], staging / f"{s}.ipynb", nb_params, params.timeout_s, nb_dir): s
            for s in stems
        }
        t_submit = time.perf_counter()
        if snap is None:  # computed while the kernels start
            snap = _snapshot(as_of, paths, params.domains, params.targets)
        generated_at = datetime.now().astimezone().isoformat(timespec="seconds")
        period = parse_month(as_of).label
        _warm_exporter()  # compile the template while the kernels run
        pages: dict[str, str] = {}
        done_count = 0
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                stem = futures[fut]
                done_count += 1
                exc = fut.exception()
                if exc is None:
                    timings[stem] = round(fut.result(), 3)
                    if not failures:  # export while the other notebooks still run
                        nb = nbformat.read(staging / f"{stem}.ipynb", as_version=4)
                        nb.metadata.pop("widgets", None)  # no widget manager or placeholders in the HTML
                        header = _header_html(params, as_of, snap, generated_at, subtitle=f"分册：{stem}")
                        pages[stem] = _export(nb, header, f"{params.title} · {period} · {stem}")
                    say(f"[{done_count}/{len(stems)}] {stem} … {timings[stem]:.1f} s ok")
                else:
                    timings[stem] = round(time.perf_counter() - t_submit, 3)
                    failures[stem] = _failure_text(exc)
                    say(f"[{done_count}/{len(stems)}] {stem} … {timings[stem]:.1f} s 失败：{failures[stem]}")

    if failures:
        kept = []
        for stem, reason in failures.items():
            executed_copy = staging / f"{stem}.ipynb"
            target = final / f"{stem}.failed.ipynb"
            if executed_copy.is_file():
                atomic_write(target, executed_copy.read_bytes())
                kept.append(f"{stem}（{reason}；已保留 {target}）")
            else:
                kept.append(f"{stem}（{reason}；笔记本未能开始执行）")
        raise RenderError(f"简报 {params.name} {as_of} 生成失败，先前的简报未改动：" + "；".join(kept))

    pages = {stem: pages[stem] for stem in stems}  # notebook order

    prev = _previous_manifest(out, params.name, as_of)
    changes = _status_changes(prev[1] if prev else None, snap.indicators)
    header = _header_html(params, as_of, snap, generated_at)
    links = "".join(f'<a href="{s}.html">{html.escape(s)}</a> ' for s in stems)
    header += f'<p class="liulin-meta">分册页面：{links}</p>'
    combined = _combine(
        pages,
        header,
        _changes_html(changes, prev[0] if prev else None, snap.status_labels),
        f"{params.title} · {period}",
    )
    # One Chinese font subset covers the combined page and every per-notebook page (see webfont.py).
    from ..present.webfont import embed_font, page_chars

    chars = page_chars(combined + "".join(pages.values()))
    for stem, page in pages.items():
        atomic_write(staging / f"{stem}.html", embed_font(page, chars))
    combined = embed_font(combined, chars)
    atomic_write(staging / "index.html", combined)
    atomic_write(staging / f"{params.name}.html", combined)

    from .. import __version__

    counts = Counter(r.get("status") for r in snap.indicators)
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "name": params.name,
        "title": params.title,
        "as_of": as_of,
        "parameters": params.model_dump(mode="json"),
        "notebook_parameters": nb_params,
        "inputs": snap.files,
        "is_sample": snap.is_sample,
        "month_missing": not snap.month_has_data,
        "latest_period": snap.latest_period,
        "library_version": __version__,
        "generated_at": generated_at,
        "notebooks": {
            s: {"source": str(sources[s]), "sha256": sha256_file(sources[s]), "seconds": timings[s]}
            for s in stems
        },
        "status_counts": {str(k): v for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))},
        "status_labels": snap.status_labels,
        "indicators": snap.indicators,
        "previous": {"as_of": prev[0]} if prev else None,
        "changes": changes,
    }
    atomic_write(
        staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False)
    )
    seconds = round(time.perf_counter() - t_start, 3)
    _swap_in(staging, final)
    build_index(out)
    say(f"简报已生成：{final / 'index.html'}（{seconds:.1f} s）")
    return RenderResult(
        name=params.name,
        as_of=as_of,
        briefing_dir=final,
        index_html=final / "index.html",
        briefing_html=final / f"{params.name}.html",
        notebook_html={s: final / f"{s}.html" for s in stems},
        manifest=final / "manifest.json",
        timings=timings,
        is_sample=snap.is_sample,
        month_missing=not snap.month_has_data,
        seconds=seconds,
        changes=changes,
    )


def due_months(
    params: BriefingParams, out_dir: str | Path, *, actuals: list[str | Path] | None = None
) -> list[str]:
    """Months from 2026-01 to the latest month with actuals whose briefing has no manifest yet."""
    raw = list(actuals) if actuals else list(params.actuals)
    paths = [Path(p).expanduser().resolve() for p in raw]
    if paths:
        _check_actual_files(paths)
    latest = _latest_month(paths)
    if latest is None or latest < FIRST_MONTH:
        return []
    out = Path(out_dir)
    return [
        m
        for m in map(str, month_range(FIRST_MONTH, latest))
        if not _manifest_path(out, m, params.name).is_file()
    ]


def render_due(
    params_list: list[BriefingParams],
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    notebooks_dir: str | Path | None = None,
    require_fresh: bool = False,
    progress_cb: Callable[[str], Any] | None = print,
    jobs: int | None = None,
    targets: str | Path | None = None,
) -> list[RenderResult]:
    """Catch up: render, in month order, every briefing that is due and missing.

    Prints :data:`NOTHING_DUE` through ``progress_cb`` and returns ``[]`` when every briefing exists.
    """
    say = progress_cb or (lambda _line: None)
    plan = [(p, m) for p in params_list for m in due_months(p, out_dir, actuals=actuals)]
    if not plan:
        say(NOTHING_DUE)
        return []
    say(f"待生成 {len(plan)} 份简报：" + "，".join(f"{m} {p.name}" for p, m in plan))
    return [
        render_briefing(
            p,
            m,
            out_dir,
            actuals=actuals,
            notebooks_dir=notebooks_dir,
            require_fresh=require_fresh,
            progress_cb=progress_cb,
            jobs=jobs,
            targets=targets,
        )
        for p, m in plan
    ]


# --------------------------------------------------------------------------------------------- CLI


def configure_brief_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``liulin brief`` options; help texts come from :class:`BriefingParams`."""
    parser.description = "执行简报笔记本并生成可离线转发的 HTML 简报（参数见 params/NAME.yaml）"
    parser.add_argument(
        "name",
        nargs="?",
        default="monthly",
        metavar="NAME",
        help="简报参数文件 params/NAME.yaml 的名称（默认 monthly）。" + field_help("name"),
    )
    parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM", help=field_help("as_of"))
    parser.add_argument("--actuals", nargs="+", metavar="PATH", default=None, help=field_help("actuals"))
    parser.add_argument("--targets", metavar="PATH", default=None, help=field_help("targets"))
    parser.add_argument("--out", default="reports", metavar="DIR", help="输出（归档）文件夹，默认 reports")
    parser.add_argument(
        "--due", action="store_true", help="补齐：为 2026-01 至数据最新月份中尚未生成的每个月依次生成简报"
    )
    parser.add_argument(
        "--require-fresh", dest="require_fresh", action="store_true", help=field_help("require_fresh")
    )
    parser.add_argument(
        "--params-dir", dest="params_dir", metavar="DIR", default=None, help="参数文件夹，默认仓库的 params/"
    )
    parser.add_argument(
        "--notebooks-dir",
        dest="notebooks_dir",
        metavar="DIR",
        default=None,
        help="笔记本文件夹，默认仓库的 notebooks/",
    )
    parser.add_argument(
        "--jobs", type=int, metavar="N", default=None, help="同时执行的笔记本数，默认 CPU 核数"
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run_brief(args: argparse.Namespace) -> int:
    """``liulin brief``: 0 ok, 1 render failed, 2 bad input/params, 3 locked."""
    params_dir = Path(args.params_dir) if getattr(args, "params_dir", None) else default_params_dir()
    try:
        name = safe_relpath(args.name)
        params = load_params(params_dir / f"{name}.yaml")
        if getattr(args, "jobs", None) is not None and args.jobs < 1:
            raise ParamsError(f"--jobs 应为正整数，而不是 {args.jobs}")
        kwargs = dict(
            actuals=args.actuals,
            notebooks_dir=getattr(args, "notebooks_dir", None),
            require_fresh=args.require_fresh,
            jobs=getattr(args, "jobs", None),
            targets=getattr(args, "targets", None),
        )
        if args.due:
            results = render_due([params], args.out, **kwargs)
        else:
            as_of = args.as_of or params.as_of
            if not as_of:
                raise ParamsError("需要数据截至月份：请加 --as-of YYYY-MM（或用 --due 自动补齐）")
            results = [render_briefing(params, as_of, args.out, **kwargs)]
    except LockError as exc:
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return 3
    except RenderError as exc:
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return 1
    except ProblemsError as exc:
        first = str(exc.problems[0]) if exc.problems else ""
        print(
            f"错误：输入数据有 {len(exc.problems)} 个问题，未生成任何文件（首个：{_one_line(first)}）；"
            f"请先运行 liulin check {' '.join(str(p) for p in args.actuals or [])}".rstrip()
            + " 查看并修正全部问题",
            file=sys.stderr,
        )
        return 2
    except (ParamsError, PeriodError) as exc:
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return 2
    for res in results:
        print(res.index_html)
    return 0
