"""The ``liulin`` command line.

Sub-commands (``liulin -h`` lists them; each has its own ``-h``). ``--plan NAME|DIR`` picks the plan (a
county's work report for one year) of targets, progress, check, template and brief; the default is
:data:`liulin_data.plan.folder.DEFAULT_PLAN`.

- ``liulin targets [--domain energy]``  the plan's target catalog as a readable table
- ``liulin progress --as-of YYYY-MM``   where every target stands (the plan's sample unless --actuals)
- ``liulin check FILE...``              validate actuals files; lists every problem, exit 1 if any
- ``liulin template [--out PATH] [--force]``  write the .xlsx fill-in template (never over a file unless --force)
- ``liulin brief [NAME] --as-of ...``   render a briefing to offline HTML (see ``liulin brief -h``)
- ``liulin fonts``                      build the cached regular-weight CJK font for charts
- ``liulin plans``                      the plans found: shipped ones and those in ./plans or $LIULIN_PLANS
- ``liulin plan export NAME DIR``       copy a plan's folder to edit it (next year's, another county's)
- ``liulin plan check DIR``             every check of a plan folder; lists every problem, exit 1 if any
- ``liulin plan new REPORT --region NAME --year YYYY --out DIR``  propose a plan from a new work report
- ``liulin scorecard --plan DIR_N --next DIR_N1``  year N's targets against the results year N+1 reports

Exit codes (defined once, in :mod:`liulin_data.apps.exits`, and used by every command): 0 ok; 1 the command ran and found problems
(or a render failed); 2 bad input, path or usage, or a full disk; 3 another run holds the output lock;
4 an internal error (a bug: the traceback is saved to a log file the message names); 130 interrupted (Ctrl-C);
143 terminated (SIGTERM: the same cleanup as Ctrl-C).
:func:`main` turns every exception into one of them with a Chinese message: no user error shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

from .exits import (  # the exit codes are defined there, once; named here too for the command's users
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_TERMINATED,
    Terminated,
    error_text,
    exit_code,
    internal_error,
    os_error,
    quiet_stdout,
    sigterm_as_interrupt,
)


def _cmd_targets(args: argparse.Namespace) -> int:
    from ..files.exports import write_csv
    from ..plan import catalog
    from ..session import doors

    targets = doors.load_targets(include_context=args.context, plan=args.plan)
    if args.domain:
        known = sorted(targets["domain"].unique())
        if args.domain not in known:
            print(f"未知领域 {args.domain!r}；可选：{', '.join(known)}", file=sys.stderr)
            return EXIT_BAD_INPUT
        targets = targets[targets["domain"] == args.domain]
    if args.csv:
        write_csv(targets, sys.stdout)
    else:
        print(catalog.format_targets(targets))
    return EXIT_OK


def _cmd_progress(args: argparse.Namespace) -> int:
    from ..files.exports import write_csv
    from ..present.summaries import format_progress
    from ..session import open_session

    # PeriodError naming the plan's year (exit 2) before any file is read; then CatalogError, ActualsError
    # (exit 2 through main): every problem of every file
    session = open_session(args.as_of, plan=args.plan, actuals=args.actuals or [], targets=args.targets)
    table = session.progress
    if args.domain:
        table = table[table["domain"] == args.domain]
    if args.csv:
        write_csv(table, sys.stdout)
        _print_warnings(session.warnings, sys.stderr)  # the CSV on stdout stays a table
        return EXIT_OK
    print(format_progress(table))
    _print_warnings(session.warnings, sys.stdout)
    return EXIT_OK


def _print_warnings(warnings: list, stream) -> None:
    """The loaders' warnings (警告: the run went on) as a table, after what the command printed."""
    from ..inputs import format_problems_table
    from ..inputs.problems import warnings_frame

    if warnings:
        print("\n警告（不影响使用，但请核对）：", file=stream)
        print(format_problems_table(warnings_frame(warnings), noun="警告") + "\n", file=stream)


def _count_line(label: str, counts: dict, *, merged: int = 0, superseded: int = 0) -> str:
    """``实际值：读取 N 行：通过 …，有问题 …`` for one kind of file (``counts`` from check_files)."""
    within = []  # lines among those accepted
    if merged:
        within.append(f"{merged} 行与其他行的数值完全相同，已合并")
    if superseded:
        within.append(f"{superseded} 行的数值已被后发布的数据修订、采用新值，见下方修订表")
    notes = ["其中 " + "；".join(within)] if within else []
    if counts.get("rows_unfilled"):
        notes.append(f"另有 {counts['rows_unfilled']} 行只写了里程碑名称、尚无进展，未计入")
    text = f"{label}：读取 {counts['rows_read']} 行"
    if counts["rows_read"]:
        parts = [f"通过 {counts['rows_accepted']} 行"]
        if counts["rows_rejected"]:
            parts.append(f"有问题 {counts['rows_rejected']} 行")
        if counts.get("rows_ignored"):
            parts.append(f"忽略 {counts['rows_ignored']} 行（标题、注释或目标目录不跟踪的指标）")
        text += "：" + "，".join(parts)
    return text + (f"（{'；'.join(notes)}）" if notes else "") + "。"


def _check_summary(attrs: dict) -> list[str]:
    """One count line per kind of file read: actuals (unless only milestone logs were given), milestone logs."""
    counts = attrs["counts"]
    lines = []
    if counts["actuals"]["rows_read"] or "milestones" not in counts:
        lines.append(
            _count_line(
                "实际值",
                counts["actuals"],
                merged=attrs.get("rows_merged", 0),
                superseded=attrs.get("rows_superseded", 0),
            )
        )
    if "milestones" in counts:
        lines.append(_count_line("里程碑记录", counts["milestones"]))
    return lines


def _not_readable_files(paths: list[str]) -> list[str]:
    """The paths given to ``liulin check`` that are no readable file (missing, a folder …): a bad path, exit 2.

    The loaders report each as a problem of its own (what it is and what to do); this only decides the
    exit code.
    """
    import os

    return [p for p in paths if not Path(p).is_file() or not os.access(p, os.R_OK)]


def _cmd_check(args: argparse.Namespace) -> int:
    from ..inputs import check_files, format_problems_table, format_revisions_table
    from ..plan.folder import load_plan

    plan = load_plan(args.plan)  # a plan hiding a shipped one is announced by main(), as for every command
    accepted, problems = check_files(args.files, plan=plan)
    attrs = accepted.attrs
    warnings = attrs.get("warnings") or []
    if len(problems):
        print(format_problems_table(problems) + "\n")
    elif warnings:
        print(f"检查通过：{len(args.files)} 个文件，全部可用；有 {len(warnings)} 个警告，请核对（见下表）。")
    else:
        print(f"检查通过：{len(args.files)} 个文件，全部可用。")
    _print_warnings(warnings, sys.stdout)
    print("\n".join(_check_summary(attrs)))
    if attrs.get("revisions"):
        print("\n同一指标、时期和口径的数值被后发布的数据修订（已采用新值）：")
        print(format_revisions_table(attrs["revisions"]))
    bad = _not_readable_files(args.files)
    if bad:
        from ..core.exceptions import escape_controls

        print(
            f"错误：{escape_controls('、'.join(bad))} 不是可读取的文件（见上表）：请检查路径", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    if len(problems):
        print("请按“建议”一列修改后重新运行 liulin check。")
        return EXIT_FAILED
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from ..plan.folder import load_plan
    from .template import default_template_name, write_template

    plan = load_plan(args.plan)
    path = Path(args.out if args.out is not None else default_template_name(plan))
    write_template(path, plan=plan, overwrite=args.force)  # OutputError (exit 2): exists, folder, disk full …
    print(f"已生成填报模板：{path}（{plan.title}：{plan.first_month} 至 {plan.last_month}）")
    return EXIT_OK


def _cmd_plans(args: argparse.Namespace) -> int:
    from ..core.tables import format_table
    from ..plan.folder import list_plans

    rows = [(p.name, p.region, p.year, p.title, p.root) for p in list_plans()]
    print(format_table(("名称", "地区", "年度", "标题", "文件夹"), rows, max_width=(20, 12, 4, 30, 80)))
    print(
        f"共 {len(rows)} 个计划。用 --plan 名称 或 --plan 文件夹 选用；liulin plan export 名称 文件夹 复制一个来编辑。"
    )
    return EXIT_OK


def _cmd_plan_export(args: argparse.Namespace) -> int:
    from ..plan.folder import export_plan

    folder = export_plan(args.name, args.dir)
    print(f"已导出计划 {args.name} 到 {folder}。")
    print("下一步：编辑 plan.yaml（name、region、year、title）、report.txt 和 targets.csv，然后运行")
    print(f"  liulin plan check {folder}")
    return EXIT_OK


def _cmd_plan_check(args: argparse.Namespace) -> int:
    from .plan_check import check_plan, format_report

    report = check_plan(args.dir)  # PlanError (not a plan folder): exit 2 through main()
    print(format_report(report))
    return EXIT_FAILED if report.problems else EXIT_OK


def _cmd_plan_new(args: argparse.Namespace) -> int:
    from .extract.propose import NoTargetsError, plan_new, read_plan_csv
    from .plan_check import check_plan

    notes: list[str] = []
    try:
        out = plan_new(args.report, args.region, args.year, args.out, overwrite=args.force, notes=notes)
    except NoTargetsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILED
    for note in notes:
        print(f"注意：{note}")
    report = check_plan(out)
    targets, results = read_plan_csv(out, "targets.csv"), read_plan_csv(out, "results.csv")
    tasks = len(read_plan_csv(out, "tasks.csv")) if (out / "tasks.csv").is_file() else 0
    print(
        f"已生成计划文件夹 {out}（{report.plan.title}）：拟定目标 {len(targets)} 行，其中待复核 {report.pending} 行；"
        f"上年实绩 {len(results)} 行；大事要事 {tasks} 项。"
    )
    print("请逐行核对 targets.csv：review 列非空的行须改正或删除，核对后清空 review 列，然后运行")
    print(f"  liulin plan check {out}")
    return EXIT_OK


def _cmd_scorecard(args: argparse.Namespace) -> int:
    from ..files.exports import write_csv
    from .scorecard import format_scorecard, save_scorecard, scorecard

    df = scorecard(args.plan, args.next)
    if args.csv:
        write_csv(df, sys.stdout)
    else:
        print(format_scorecard(df))
    if args.out:
        print(f"已生成完成情况页面：{save_scorecard(df, args.out)}")
    return EXIT_OK


def _cmd_fonts(args: argparse.Namespace) -> int:
    from ..present.fonts import build_font_cache

    path = build_font_cache(force=args.force)
    print(f"CJK font ready: {path}")
    return EXIT_OK


def add_brief_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``liulin brief`` options; help texts come from :class:`BriefingParams`."""
    from ..briefing.params import field_help

    parser.description = "执行简报笔记本并生成可离线转发的 HTML 简报（参数见 params/NAME.yaml）"
    parser.add_argument(
        "name",
        nargs="?",
        default="monthly",
        metavar="NAME",
        help="简报参数文件 params/NAME.yaml 的名称（默认 monthly）。" + field_help("name"),
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM",
        action="append",
        help=field_help("as_of") + "；可重复，一次生成多个月份",
    )
    parser.add_argument(
        "--months",
        metavar="YYYY-MM:YYYY-MM",
        default=None,
        help="一次生成一段月份的简报（含首尾），例如 YYYY-01:YYYY-06 即1至6月；可与 --as-of 合用",
    )
    parser.add_argument("--actuals", nargs="+", metavar="PATH", default=None, help=field_help("actuals"))
    parser.add_argument("--targets", metavar="PATH", default=None, help=field_help("targets"))
    parser.add_argument("--out", default="reports", metavar="DIR", help="输出（归档）文件夹，默认 reports")
    parser.add_argument(
        "--plan",
        metavar="NAME|DIR",
        action="append",
        default=None,
        help=field_help("plan") + "；可重复：每个计划 × 每个月份各生成一份，归入同一归档",
    )
    parser.add_argument(
        "--due", action="store_true", help="补齐：为计划年度1月至数据最新月份中尚未生成的每个月生成简报"
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
    _add_run_options(parser)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """How a ``liulin brief`` run goes: kernels, a Dask cluster, what it may move aside, how much it says."""
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        default=None,
        help="同时执行的笔记本数（本机的内核数；用 --executor 时为每个工作节点的），默认 CPU 核数",
    )
    parser.add_argument(
        "--executor",
        metavar="dask://HOST:PORT",
        default=None,
        help="把每份简报交给 Dask 集群生成（先在各机器上运行 dask scheduler / dask worker）；结果写回 --out",
    )
    parser.add_argument(
        "--worker-timeout",
        dest="worker_timeout",
        type=float,
        metavar="SECONDS",
        default=None,
        help="用 --executor 时：集群连续这么多秒没有可用的工作节点，就放弃尚未生成的简报并结束（默认 120）",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="输出文件夹中不是 liulin 生成的文件（简报文件夹中的其他文件、他人的 index.html）移到 "
        "OUT/moved-aside-…/ 保存后继续，而不是停止运行",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="安静模式（适合定时任务）：只在出错时输出，退出码说明结果"
    )


def _brief_months(args: argparse.Namespace, params) -> list[str]:
    """The months of a ``liulin brief`` run: --as-of (repeated) and --months, in order, each once."""
    from ..core.exceptions import ParamsError, PeriodError
    from ..core.periods import parse_month, parse_month_range

    try:
        months = [str(parse_month(m)) for m in args.as_of or []]
    except PeriodError as exc:
        raise ParamsError(f"--as-of: {exc}") from None
    try:
        months += [str(m) for m in parse_month_range(args.months)] if args.months else []
    except PeriodError as exc:
        raise ParamsError(f"--months: {exc}") from None
    if not months and params.as_of:
        months = [params.as_of]
    if not months:
        raise ParamsError(
            "需要数据截至月份：请加 --as-of YYYY-MM 或 --months 开始:结束（或用 --due 自动补齐）"
        )
    return list(dict.fromkeys(months))


def _cmd_brief(args: argparse.Namespace) -> int:
    """``liulin brief``: EXIT_OK, or the exit code of the worst failure (:func:`~liulin_data.apps.exits.exit_code`); a run of many
    briefings names every failure on one line. Errors before anything is rendered go to :func:`main`."""
    from ..briefing.distribute import dask_executor
    from ..briefing.params import load_params, safe_relpath
    from ..briefing.render import BriefingJob, default_params_dir, lean_imports, render_due, render_many
    from ..core.exceptions import ParamsError

    lean_imports()

    params_dir = Path(args.params_dir) if args.params_dir else default_params_dir()
    say = None if args.quiet else print
    params = load_params(params_dir / f"{safe_relpath(args.name)}.yaml")
    if args.jobs is not None and args.jobs < 1:
        raise ParamsError(f"--jobs 应为正整数，而不是 {args.jobs}")
    if args.worker_timeout is not None and not 0 < args.worker_timeout < float("inf"):
        raise ParamsError(f"--worker-timeout 应为正的秒数，而不是 {args.worker_timeout:g}")
    plans = args.plan or [None]
    if args.due and (args.as_of or args.months):
        raise ParamsError("--due 自动选择月份，不能与 --as-of 或 --months 同时使用：请只用其中一种")
    months = [] if args.due else _brief_months(args, params)
    options = dict(
        notebooks_dir=args.notebooks_dir,
        require_fresh=args.require_fresh,
        progress_cb=say,
        workers=args.jobs,
        force=args.force,
    )
    if args.worker_timeout is not None:
        options["worker_timeout_s"] = args.worker_timeout
    executor = dask_executor(args.executor) if args.executor else contextlib.nullcontext(None)
    with executor as ex:
        if args.due:
            batch = render_due(
                [params],
                args.out,
                actuals=args.actuals,
                targets=args.targets,
                plans=plans,
                executor=ex,
                **options,
            )
        else:
            jobs = [
                BriefingJob(params, m, plan=plan, actuals=args.actuals, targets=args.targets)
                for plan in plans
                for m in months
            ]
            batch = render_many(jobs, args.out, executor=ex, **options)
    if len(batch.failures) == 1 and not batch.results:
        raise batch.failures[0].error  # one briefing: its own message and exit code, through main()
    if not args.quiet:
        for res in batch.results:
            print(res.index_html)
    if batch.failures:
        print(f"错误：{batch.summary()}", file=sys.stderr)
        return max(exit_code(f.error) for f in batch.failures)
    return EXIT_OK


def add_plan_commands(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """``liulin plan export|check`` (a group: other sub-commands such as ``new`` slot in beside them)."""
    group = sub.add_parser("plan", help="work with a plan folder: export, check (计划)")
    plan_sub = group.add_subparsers(dest="plan_command", required=True, metavar="PLAN_COMMAND")
    p = plan_sub.add_parser(
        "export", help="copy a plan's folder so it can be edited (refuses an existing DIR)"
    )
    p.add_argument("name", metavar="NAME", help="a plan name (liulin plans) or a plan folder")
    p.add_argument("dir", metavar="DIR", help="the new folder, e.g. plans/mouxian-2027")
    p.set_defaults(func=_cmd_plan_export)
    p = plan_sub.add_parser("check", help="run every check on a plan folder; exit 1 when there are problems")
    p.add_argument("dir", metavar="DIR", help="the plan folder (holding plan.yaml)")
    p.set_defaults(func=_cmd_plan_check)
    return plan_sub


def add_plan_new(plan_sub: argparse._SubParsersAction) -> None:
    """``liulin plan new``: a plan proposed from a new work report, in the ``plan`` group."""
    p = plan_sub.add_parser("new", help="propose a plan folder from a new work report (.txt, .docx, .html)")
    p.add_argument(
        "report", metavar="REPORT", help="the work report: .txt (UTF-8/GBK), .docx or a saved .html"
    )
    p.add_argument("--region", required=True, help="the region's Chinese name, e.g. 海拉尔区")
    p.add_argument("--year", required=True, type=int, help="the year the report sets targets for")
    p.add_argument("--out", required=True, metavar="DIR", help="the plan folder to write")
    p.add_argument("--force", action="store_true", help="replace a plan already in DIR")
    p.set_defaults(func=_cmd_plan_new)


def add_scorecard_command(sub: argparse._SubParsersAction) -> None:
    """``liulin scorecard``: year N's targets against the results year N+1's report states."""
    p = sub.add_parser(
        "scorecard", help="last year's targets against the results the next report states (完成情况)"
    )
    p.add_argument("--plan", required=True, metavar="DIR_N", help="the plan folder of year N")
    p.add_argument(
        "--next", required=True, metavar="DIR_N1", help="the plan folder of year N+1 (its results.csv)"
    )
    p.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    p.add_argument("--out", metavar="DIR", help="also write DIR/index.html, a phone-readable page")
    p.set_defaults(func=_cmd_scorecard)


def _add_plan_option(parser: argparse.ArgumentParser) -> None:
    from ..plan.folder import DEFAULT_PLAN

    parser.add_argument(
        "--plan",
        metavar="NAME|DIR",
        default=None,
        help=f"the plan: a name (liulin plans) or a plan folder; default {DEFAULT_PLAN}",
    )


# argparse's own messages (English) -> Chinese; anything else is shown as argparse words it
_USAGE_ERRORS = [
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        "参数 {0} 的值 {1} 无效（可选：{2}）",
    ),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), "参数 {0} 的值 {1} 不是整数"),
    (re.compile(r"argument (\S+): invalid float value: (.*)"), "参数 {0} 的值 {1} 不是数字"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面要写一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), "参数 {0} 后面至少要写一个值"),
    (re.compile(r"ambiguous option: (.*)"), "选项有歧义：{0}"),
]


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in Chinese (exit :data:`EXIT_BAD_INPUT`); sub-commands inherit it."""

    def error(self, message: str):
        for pattern, chinese in _USAGE_ERRORS:
            if m := pattern.fullmatch(message):
                message = chinese.format(*m.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}：错误：{message}（{self.prog} -h 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="liulin",
        description="政府工作报告目标任务跟踪：任何县、任何年度的计划 (work-report target tracker, Liulin first)",
    )
    parser.add_argument("--version", action="version", version=f"liulin-data {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("targets", help="print the plan's target catalog (目标清单)")
    _add_plan_option(p)
    p.add_argument("--domain", help="only this domain, e.g. energy, agriculture, consumption")
    p.add_argument("--context", action="store_true", help="include context indicators without a target")
    p.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    p.set_defaults(func=_cmd_targets)

    p = sub.add_parser("progress", help="where each target stands at a month (进度)")
    _add_plan_option(p)
    p.add_argument(
        "--as-of", required=True, metavar="YYYY-MM", help="the month to report, in the plan's year"
    )
    p.add_argument("--actuals", nargs="+", metavar="PATH", help="actuals files (default: the plan's sample)")
    p.add_argument(
        "--targets", metavar="PATH", help="target override file for indicators the report sets no target for"
    )
    p.add_argument("--domain", help="only this domain")
    p.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    p.set_defaults(func=_cmd_progress)

    p = sub.add_parser("check", help="validate actuals files and list every problem (检查数据文件)")
    _add_plan_option(p)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("template", help="write the .xlsx fill-in template (填报模板)")
    _add_plan_option(p)
    p.add_argument("--out", default=None, metavar="PATH", help="default: <地区><年度>年指标填报模板.xlsx")
    p.add_argument(
        "--force", action="store_true", help="replace PATH if it exists (it may hold an analyst's figures)"
    )
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("brief", help="render a briefing to offline HTML (生成简报)")
    add_brief_arguments(p)
    p.set_defaults(func=_cmd_brief)

    p = sub.add_parser("plans", help="list the plans: shipped and in ./plans or $LIULIN_PLANS (计划列表)")
    p.set_defaults(func=_cmd_plans)

    add_plan_new(add_plan_commands(sub))
    add_scorecard_command(sub)

    p = sub.add_parser("fonts", help="build the cached regular-weight CJK chart font (about a minute, once)")
    p.add_argument("--force", action="store_true", help="rebuild even if the cache exists")
    p.set_defaults(func=_cmd_fonts)
    return parser


def _version() -> str:
    from ..core.version import __version__

    return __version__


@contextlib.contextmanager
def _notices():
    """While a command runs, what a user must know about a plan it uses (a local plan hiding a shipped one of
    its name, rows waiting for review: :func:`liulin_data.plan.folder.announce`) is printed to stderr, each
    once, whatever the command (and also with ``--quiet``: it is about whether to trust what is made)."""
    from ..plan.folder import NOTICES

    said: set[str] = set()

    def say(plan, text: str) -> None:
        if text not in said:
            said.add(text)
            print(text, file=sys.stderr)

    NOTICES.append(say)
    try:
        yield
    finally:
        NOTICES.remove(say)


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure becomes an exit code and a Chinese message (no traceback)."""
    from ..core.exceptions import LiulinError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with sigterm_as_interrupt(), _notices():
            return int(args.func(args) or EXIT_OK)
    except LiulinError as exc:
        print(f"错误：{error_text(exc, args)}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_OK
    except OSError as exc:
        return os_error(exc, args)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated)
        said = "已中断（收到终止信号 SIGTERM）。" if isinstance(exc, Terminated) else "已中断。"
        print(f"\n{said}", file=sys.stderr)
        return exit_code(exc)
    except Exception as exc:
        return internal_error(exc, args)


__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "add_brief_arguments",
    "build_parser",
    "main",
]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
