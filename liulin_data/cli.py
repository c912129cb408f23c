"""The ``liulin`` command line.

Sub-commands (``liulin -h`` lists them; each has its own ``-h``). ``--plan NAME|DIR`` picks the plan (a
county's work report for one year) of targets, progress, check, template and brief; the default is
:data:`liulin_data.plan.DEFAULT_PLAN`.

- ``liulin targets [--domain energy]``  the plan's target catalog as a readable table
- ``liulin progress --as-of YYYY-MM``   where every target stands (the plan's sample unless --actuals)
- ``liulin check FILE...``              validate actuals files; lists every problem, exit 1 if any
- ``liulin template [--out PATH]``      write the .xlsx fill-in template (the plan year's months)
- ``liulin brief [NAME] --as-of ...``   render a briefing to offline HTML (see ``liulin brief -h``)
- ``liulin fonts``                      build the cached regular-weight CJK font for charts
- ``liulin plans``                      the plans found: shipped ones and those in ./plans or $LIULIN_PLANS
- ``liulin plan export NAME DIR``       copy a plan's folder to edit it (next year's, another county's)
- ``liulin plan check DIR``             every check of a plan folder; lists every problem, exit 1 if any
- ``liulin plan new REPORT --region NAME --year YYYY --out DIR``  propose a plan from a new work report
- ``liulin scorecard --plan DIR_N --next DIR_N1``  year N's targets against the results year N+1 reports

Exit codes (defined once, below, and used by every command): 0 ok; 1 the command ran and found problems
(or a render failed); 2 bad input or usage; 3 another run holds the output lock.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0  # done
EXIT_FAILED = 1  # the command ran and found problems, or a briefing notebook failed
EXIT_BAD_INPUT = 2  # bad input, parameters, path or usage: nothing was written
EXIT_LOCKED = 3  # another run holds the output folder's lock


def _cmd_targets(args: argparse.Namespace) -> int:
    from . import catalog

    targets = catalog.load_targets(include_context=args.context, plan=args.plan)
    if args.domain:
        known = sorted(targets["domain"].unique())
        if args.domain not in known:
            print(f"未知领域 {args.domain!r}；可选：{', '.join(known)}", file=sys.stderr)
            return EXIT_BAD_INPUT
        targets = targets[targets["domain"] == args.domain]
    if args.csv:
        targets.to_csv(sys.stdout, index=False)
    else:
        print(catalog.format_targets(targets))
    return EXIT_OK


def _cmd_progress(args: argparse.Namespace) -> int:
    from .catalog import load_targets
    from .exceptions import ActualsError
    from .plan import load_plan
    from .present.summaries import format_progress
    from .tracker import plan_inputs, progress

    plan = load_plan(args.plan)
    plan.check_month(args.as_of)  # PeriodError naming the plan's year (exit 2) before any file is read
    targets = load_targets(
        overrides=args.targets, plan=plan
    )  # CatalogError (exit 2): every problem of the file
    try:
        actuals, milestones = plan_inputs(args.actuals or [], plan=plan, targets=targets)
    except ActualsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    table = progress(args.as_of, actuals, targets, milestones, plan=plan)
    if args.domain:
        table = table[table["domain"] == args.domain]
    if args.csv:
        table.to_csv(sys.stdout, index=False)
        return EXIT_OK
    print(format_progress(table))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from .inputs import check_files, format_problems_table
    from .plan import load_plan

    plan = load_plan(args.plan)
    accepted, problems = check_files(args.files, plan=plan)
    attrs = accepted.attrs
    read = attrs.get("rows_read", len(accepted) + len(problems))
    ok = attrs.get("rows_accepted", len(accepted))
    merged = attrs.get("rows_merged", 0)
    counts = f"读取 {read} 行：通过 {ok} 行"
    if merged:
        counts += f"（其中 {merged} 行与其他行的数值完全相同，已合并）"
    if len(problems):
        print(format_problems_table(problems))
        print(
            f"\n{counts}，有问题 {attrs.get('rows_rejected', '?')} 行。请按“建议”一列修改后重新运行 liulin check。"
        )
        return EXIT_FAILED
    print(f"检查通过：{len(args.files)} 个文件，{counts}，全部可用。")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from .plan import load_plan
    from .template import default_template_name, write_template

    plan = load_plan(args.plan)
    path = Path(args.out or default_template_name(plan))
    write_template(path, plan=plan)
    print(f"已生成填报模板：{path}（{plan.title}：{plan.first_month} 至 {plan.last_month}）")
    return EXIT_OK


def _cmd_plans(args: argparse.Namespace) -> int:
    from .plan import list_plans
    from .tables import format_table

    rows = [(p.name, p.region, p.year, p.title, p.root) for p in list_plans()]
    print(format_table(("名称", "地区", "年度", "标题", "文件夹"), rows, max_width=(20, 12, 4, 30, 80)))
    print(
        f"共 {len(rows)} 个计划。用 --plan 名称 或 --plan 文件夹 选用；liulin plan export 名称 文件夹 复制一个来编辑。"
    )
    return EXIT_OK


def _cmd_plan_export(args: argparse.Namespace) -> int:
    from .plan import export_plan

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
    from .extract import plan_new
    from .extract.propose import read_plan_csv
    from .plan_check import check_plan

    out = plan_new(args.report, args.region, args.year, args.out, overwrite=args.force)
    report = check_plan(out)
    targets, results = read_plan_csv(out, "targets.csv"), read_plan_csv(out, "results.csv")
    tasks = len(read_plan_csv(out, "tasks.csv")) if (out / "tasks.csv").is_file() else 0
    print(
        f"已生成计划文件夹 {out}（{report.plan.title}）：拟定目标 {len(targets)} 行，其中待复核 {len(report.reviews)} 行；"
        f"上年实绩 {len(results)} 行；大事要事 {tasks} 项。"
    )
    print("请逐行核对 targets.csv：review 列非空的行须改正或删除，核对后清空 review 列，然后运行")
    print(f"  liulin plan check {out}")
    return EXIT_OK


def _cmd_scorecard(args: argparse.Namespace) -> int:
    from .scorecard import format_scorecard, save_scorecard, scorecard

    df = scorecard(args.plan, args.next)
    if args.csv:
        df.to_csv(sys.stdout, index=False)
    else:
        print(format_scorecard(df))
    if args.out:
        print(f"已生成完成情况页面：{save_scorecard(df, args.out)}")
    return EXIT_OK


def _cmd_fonts(args: argparse.Namespace) -> int:
    from .present.fonts import build_font_cache

    path = build_font_cache(force=args.force)
    print(f"CJK font ready: {path}")
    return EXIT_OK


def add_brief_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``liulin brief`` options; help texts come from :class:`BriefingParams`."""
    from .briefing.params import field_help

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
    parser.add_argument("--plan", metavar="NAME|DIR", default=None, help=field_help("plan"))
    parser.add_argument(
        "--due", action="store_true", help="补齐：为计划年度1月至数据最新月份中尚未生成的每个月依次生成简报"
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


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _cmd_brief(args: argparse.Namespace) -> int:
    """``liulin brief``: EXIT_OK, EXIT_FAILED (a notebook failed), EXIT_BAD_INPUT, EXIT_LOCKED."""
    from .briefing.params import load_params, safe_relpath
    from .briefing.render import default_params_dir, render_briefing, render_due
    from .exceptions import LockError, ParamsError, PeriodError, ProblemsError, RenderError

    params_dir = Path(args.params_dir) if args.params_dir else default_params_dir()
    try:
        params = load_params(params_dir / f"{safe_relpath(args.name)}.yaml")
        if args.jobs is not None and args.jobs < 1:
            raise ParamsError(f"--jobs 应为正整数，而不是 {args.jobs}")
        kwargs = dict(
            actuals=args.actuals,
            notebooks_dir=args.notebooks_dir,
            require_fresh=args.require_fresh,
            jobs=args.jobs,
            targets=args.targets,
            plan=args.plan,
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
        return EXIT_LOCKED
    except RenderError as exc:
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except ProblemsError as exc:
        first = str(exc.problems[0]) if exc.problems else ""
        print(
            f"错误：输入数据有 {len(exc.problems)} 个问题，未生成任何文件（首个：{_one_line(first)}）；"
            f"请先运行 liulin check {' '.join(str(p) for p in args.actuals or [])}".rstrip()
            + " 查看并修正全部问题",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except (ParamsError, PeriodError) as exc:
        print(f"错误：{_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for res in results:
        print(res.index_html)
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
    from .plan import DEFAULT_PLAN

    parser.add_argument(
        "--plan",
        metavar="NAME|DIR",
        default=None,
        help=f"the plan: a name (liulin plans) or a plan folder; default {DEFAULT_PLAN}",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    from .exceptions import LiulinError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except LiulinError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
