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

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..exceptions import (
    ActualsError,
    LockError,
    ParamsError,
    PeriodError,
    Problem,
    RenderError,
)
from ..periods import month_range, parse_month
from ..plan import Plan, load_plan
from . import archive, page
from .files import UMASK, atomic_write, recover, sha256_file, swap_in
from .params import (
    BriefingParams,
    notebook_parameters,
    safe_relpath,
)

# how long a kernel may take to start (seconds)
KERNEL_START_TIMEOUT_S = 120
# the text printed by --due when every briefing exists
NOTHING_DUE = "无需生成：所有简报已是最新"
# manifest format version
MANIFEST_VERSION = 1


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
    progress: Any = None  # the progress rows shown (for the page's 需要关注 list)
    targets: Any = None  # the catalog they were judged against


# --------------------------------------------------------------------------------------------- files


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


# --------------------------------------------------------------------------------------------- data


def _check_actual_files(paths: list[Path], plan: Plan) -> None:
    """Existence check, then the plan's loaders (raises ActualsError listing every problem)."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ActualsError(
            [
                Problem(str(p), None, None, None, "找不到实际值文件", "检查路径，或用 liulin check 检查文件")
                for p in missing
            ]
        )
    from ..tracker import plan_inputs

    plan_inputs(paths, plan=plan)


def _snapshot(
    as_of: str,
    paths: list[Path],
    domains: Sequence[str] = (),
    targets: str | Path | None = None,
    *,
    plan: Plan,
) -> DataSnapshot:
    """Each indicator's standing at ``as_of`` from :func:`liulin_data.tracker.progress`.

    ``domains``: the briefing's own domains (a topic briefing counts only its indicators); empty = all.
    ``targets``: an analyst's target override file (see :func:`liulin_data.catalog.load_overrides`).
    ``plan``: the plan (its catalog, year, profiles and, without ``paths``, its sample).
    """
    from ..catalog import load_targets
    from ..sample import any_sample
    from ..statuses import STATUS_LABELS
    from ..tracker import plan_inputs, progress

    catalog = load_targets(overrides=targets or None, plan=plan)
    frame, milestones = plan_inputs(paths, plan=plan, targets=catalog)
    table = progress(as_of, frame, catalog, milestones, plan=plan)
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
    files_used = paths if paths else plan.sample_paths()
    return DataSnapshot(
        files=[{"path": str(p), "name": p.name, "sha256": sha256_file(p)} for p in files_used],
        is_sample=is_sample,
        indicators=indicators,
        status_labels=labels,
        month_has_data=month_has_data,
        latest_period=max(latest) if latest else None,
        progress=table,
        targets=catalog,
    )


def _latest_month(paths: list[Path], plan: Plan) -> str | None:
    """The latest month with any actual value in the data (the plan's sample when ``paths`` is empty)."""
    from ..tracker import plan_inputs

    frame = plan_inputs(paths, plan=plan)[0]
    # months with a value: the filled-in template lists every month, most still blank
    periods = frame.loc[frame["value"].notna(), "period"].dropna().astype(str)
    return max(periods) if len(periods) else None


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
    plan: Plan | str | Path | None = None,
) -> RenderResult:
    """Execute a briefing's notebooks in parallel and publish one offline HTML briefing.

    Parameters
    ----------
    params : BriefingParams
        The briefing (``load_params('params/monthly.yaml')``).
    as_of : str
        The month the briefing covers, 'YYYY-MM', in the plan's year.
    out_dir : str or Path
        The archive folder; the briefing goes to ``OUT/as_of/NAME/``.
    actuals : list of paths, optional
        Actuals files; overrides ``params.actuals``. Empty or None (with empty ``params.actuals``) means the
        plan's synthetic sample.
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
    plan : Plan, name or folder, optional
        The plan (place, year, catalog); overrides ``params.plan``.

    Returns
    -------
    RenderResult

    Raises
    ------
    ParamsError, PeriodError, ActualsError, PlanError
        Bad month (PeriodError: one outside the plan's year), missing notebook, unknown plan, bad or missing
        actuals file: raised before anything is written.
    LockError
        Another run holds ``OUT/.lock``.
    RenderError
        A notebook failed; its executed copy is kept as ``OUT/as_of/NAME/<stem>.failed.ipynb``, the
        previous good briefing is untouched.
    """
    t_start = time.perf_counter()
    say = progress_cb or (lambda _line: None)
    plan = load_plan(plan if plan is not None else params.plan)
    try:
        month = parse_month(as_of)
    except PeriodError as exc:
        raise ParamsError(f"--as-of: {exc}") from None
    as_of = str(plan.check_month(month))  # PeriodError naming the plan's year
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
        update={
            "as_of": as_of,
            "actuals": [str(p) for p in paths],
            "targets": overrides,
            "plan": str(plan.root),  # a folder: the notebooks find it from their own working directory
        }
    )
    nb_params = notebook_parameters(run_params)

    # 1. validate the inputs before anything is written
    if overrides:
        from ..catalog import load_overrides

        load_overrides(overrides, plan=plan)  # CatalogError listing every problem of the override file
    if paths:
        _check_actual_files(paths, plan)
    snap: DataSnapshot | None = None
    if require_fresh:
        snap = _snapshot(as_of, paths, params.domains, run_params.targets, plan=plan)
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
        recover(out)
        final = out / as_of / name
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{as_of}-{name}-", dir=out))
        staging.chmod(0o777 & ~UMASK)
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

    plan = load_plan(params.plan)
    title = plan.briefing_title(params.kind)
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
            snap = _snapshot(as_of, paths, params.domains, params.targets, plan=plan)
        generated_at = datetime.now(ZoneInfo(plan.timezone)).isoformat(timespec="seconds")  # the plan's time
        period = plan.check_month(as_of).label
        page.warm_exporter()  # compile the template while the kernels run
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
                        header = page.header_html(title, plan, as_of, snap)
                        footer = page.footer_html(plan, snap, generated_at)
                        pages[stem] = page.export_notebook(nb, header, f"{title} · {period}", footer)
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

    prev = archive.previous_manifest(out, params.name, as_of)
    changes = archive.status_changes(prev[1] if prev else None, snap.indicators)
    combined = page.combine_pages(
        pages,
        page.first_screen_html(title, plan, as_of, snap),
        page.changes_html(changes, prev[0] if prev else None, snap.status_labels),
        f"{title} · {period}",
        page.footer_html(plan, snap, generated_at),
    )
    # One Chinese font subset covers the combined page and every per-notebook page (see webfont.py).
    from ..present.webfont import embed_font, page_chars

    chars = page_chars(combined + "".join(pages.values()))
    for stem, notebook_page in pages.items():
        atomic_write(staging / f"{stem}.html", embed_font(notebook_page, chars))
    combined = embed_font(combined, chars)
    atomic_write(staging / "index.html", combined)
    atomic_write(staging / f"{params.name}.html", combined)

    from .. import __version__

    counts = Counter(r.get("status") for r in snap.indicators)
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "name": params.name,
        "title": title,
        "kind": params.kind,
        "plan": {"name": plan.name, "region": plan.region, "year": plan.year, "title": plan.title},
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
    swap_in(staging, final)
    archive.build_index(out, plan)
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
    params: BriefingParams,
    out_dir: str | Path,
    *,
    actuals: list[str | Path] | None = None,
    plan: Plan | str | Path | None = None,
) -> list[str]:
    """Months of the plan's year, up to the latest month with actuals, whose briefing has no manifest yet."""
    plan = load_plan(plan if plan is not None else params.plan)
    raw = list(actuals) if actuals else list(params.actuals)
    paths = [Path(p).expanduser().resolve() for p in raw]
    if paths:
        _check_actual_files(paths, plan)
    latest = _latest_month(paths, plan)
    first, last = str(plan.first_month), str(plan.last_month)
    if latest is None or latest < first:
        return []
    out = Path(out_dir)
    return [
        m
        for m in map(str, month_range(first, min(latest, last)))
        if not archive.manifest_path(out, m, params.name).is_file()
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
    plan: Plan | str | Path | None = None,
) -> list[RenderResult]:
    """Catch up: render, in month order, every briefing that is due and missing.

    Prints :data:`NOTHING_DUE` through ``progress_cb`` and returns ``[]`` when every briefing exists.
    """
    say = progress_cb or (lambda _line: None)
    todo = [(p, m) for p in params_list for m in due_months(p, out_dir, actuals=actuals, plan=plan)]
    if not todo:
        say(NOTHING_DUE)
        return []
    say(f"待生成 {len(todo)} 份简报：" + "，".join(f"{m} {p.name}" for p, m in todo))
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
            plan=plan,
        )
        for p, m in todo
    ]
