"""The typed parameter spec of a scheduled briefing (``params/*.yaml``).

One pydantic model, :class:`BriefingParams`, is the single source of truth: it validates the YAML files,
decides which parameters each notebook receives (:func:`notebook_parameters`) and supplies the help texts
of the ``liulin brief`` command-line options (:func:`field_help`).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..core.exceptions import ParamsError, PeriodError, PlanError
from ..core.periods import parse_month
from ..files.exports import os_error_text
from ..files.yamlfile import read_yaml, read_yaml_bytes
from ..plan.catalog import DOMAINS
from ..plan.folder import DEFAULT_PLAN, load_plan

# every domain of the target catalog (docs/architecture.md, column `domain`)
KNOWN_DOMAINS: tuple[str, ...] = DOMAINS

# a name that becomes part of an output path: no '/', no '..', no leading dot, no absolute path
SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

# keys of earlier params files, renamed: key -> what to write instead
RENAMED_KEYS = {"title": "title 已改为 kind：只写简报类别（如 月度简报），地区和年份由计划给出"}


class BriefingParams(BaseModel):
    """Parameters of one scheduled briefing, as written in ``params/NAME.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        description="简报名称（也是输出文件夹名），只能含字母、数字、_ 和 -，如 monthly",
    )
    kind: str = Field(
        min_length=1,
        description="简报类别（中文），如 月度简报、能源专题月度简报；页面标题由计划的地区、年份与它组成"
        "（如 柳林县…年目标任务月度简报）",
    )
    plan: str = Field(
        default=DEFAULT_PLAN,
        description=f"计划：名称（liulin plans 列出）或计划文件夹；默认 {DEFAULT_PLAN}；命令行 --plan 优先",
    )
    notebooks: list[str] = Field(
        min_length=1,
        description="按顺序执行的笔记本（notebooks/ 下的文件名，不含 .ipynb），如 00_overview",
    )
    as_of: str | None = Field(
        default=None,
        description="数据截至月份 YYYY-MM，须在计划的年度内；命令行 --as-of 优先",
    )
    actuals: list[str] = Field(
        default_factory=list,
        description="实际值数据文件（.xlsx/.csv）路径；留空则使用计划附带的示例数据",
    )
    targets: str = Field(
        default="",
        description="补充目标文件（CSV/XLSX：指标、目标、单位、来源…），为报告未设目标的背景指标补充目标；留空只用报告中的目标",
    )
    domains: list[str] = Field(
        default_factory=list,
        description="只看这些领域（energy、agriculture、consumption …）；留空表示全部领域",
    )
    language: Literal["zh"] = Field(default="zh", description="简报语言：目前只有 zh（中文）")
    timeout_s: int = Field(default=600, gt=0, description="每个笔记本的执行时限（秒），默认 600")
    require_fresh: bool = Field(
        default=False,
        description="当月没有实际值数据时报错（默认只在简报顶部提示“本月数据缺失”）",
    )
    schedule: Literal["monthly"] = Field(default="monthly", description="生成周期：monthly（每月）")

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if not SAFE_NAME_RE.match(value):
            raise ValueError("名称只能含字母、数字、_ 和 -，且不能以 . 开头（它会成为输出文件夹名）")
        return value

    @field_validator("notebooks")
    @classmethod
    def _safe_stems(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not SAFE_NAME_RE.match(v)]
        if bad:
            raise ValueError(
                f"笔记本名 {bad} 无效：只写 notebooks/ 下的文件名（不含 .ipynb、不含路径），如 10_energy"
            )
        dup = sorted({v for v in value if value.count(v) > 1})
        if dup:
            raise ValueError(f"笔记本 {dup} 重复出现")
        return value

    @field_validator("as_of")
    @classmethod
    def _month(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A month ('YYYY-MM') of the plan's year (when the plan itself is valid)."""
        if value is None:
            return None
        month = parse_month(value)
        if info.data.get("plan"):
            try:
                load_plan(info.data["plan"]).check_month(month)
            except PeriodError as exc:
                raise ValueError(str(exc)) from None
        return str(month)

    @field_validator("plan")
    @classmethod
    def _known_plan(cls, value: str) -> str:
        try:
            load_plan(value)
        except PlanError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("domains")
    @classmethod
    def _known_domains(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if v not in KNOWN_DOMAINS]
        if bad:
            raise ValueError(f"未知领域 {bad}；可选：{', '.join(KNOWN_DOMAINS)}")
        return value

    @field_validator("actuals")
    @classmethod
    def _nonempty_paths(cls, value: list[str]) -> list[str]:
        if any(not str(v).strip() for v in value):
            raise ValueError("实际值文件路径不能为空字符串")
        return value


def field_help(field: str) -> str:
    """The description of one :class:`BriefingParams` field (used as the CLI help text)."""
    return BriefingParams.model_fields[field].description or ""


# pydantic error type -> the message in Chinese ({msg} keeps pydantic's own text, e.g. our validators' Chinese)
_CHINESE_ERRORS = {
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表，如 [a, b]",
    "literal_error": "应为 {expected}",
    "too_short": "至少要有 {min_length} 项",
    "string_too_short": "不能为空",
}


def _describe(path: Path, err: dict[str, Any]) -> str:
    """One line for one pydantic error: file, key, bad value, allowed keys or values."""
    loc = ".".join(str(p) for p in err["loc"]) or "(文件)"
    key = str(err["loc"][0]) if err["loc"] else ""
    value = err.get("input")
    allowed = ", ".join(BriefingParams.model_fields)
    if err["type"] == "extra_forbidden" and key in RENAMED_KEYS:
        return f"{path}: 参数 {key!r}（值：{value!r}）：{RENAMED_KEYS[key]}"
    if err["type"] == "extra_forbidden":
        near = difflib.get_close_matches(key, list(BriefingParams.model_fields), n=1)
        hint = f"；是不是 {near[0]!r}？" if near else ""
        return f"{path}: 未知参数 {key!r}（值：{value!r}）{hint}；允许的参数：{allowed}"
    if err["type"] == "missing":
        return f"{path}: 缺少参数 {key!r}；允许的参数：{allowed}"
    msg = _CHINESE_ERRORS.get(err["type"], "{msg}").format(
        msg=err["msg"].removeprefix("Value error, "), **err.get("ctx", {})
    )
    return f"{path}: 参数 {loc} 的值 {value!r} 无效：{msg}（说明：{field_help(key) if key in BriefingParams.model_fields else ''}）"


def parse_params(data: Any, path: str | Path, problems: list[str] = ()) -> BriefingParams:
    """Validate an already-parsed mapping; ``path`` names the source in error messages.

    ``problems`` (lines already found in the file, e.g. duplicate keys) are reported with the validation's
    own, all in one :class:`ParamsError`.
    """
    path = Path(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: 参数文件应是“键: 值”的映射，而不是 {type(data).__name__}")
    data = {str(k): v for k, v in data.items()}
    data.setdefault("name", path.stem)
    lines = list(problems)
    params = None
    try:
        params = BriefingParams.model_validate(data)
    except ValidationError as exc:
        lines += [_describe(path, e) for e in exc.errors()]
    if lines:
        raise ParamsError(f"参数文件 {path} 有 {len(lines)} 个问题：\n  - " + "\n  - ".join(lines))
    return params


def _read_yaml(path: Path, text: str) -> tuple[Any, list[str]]:
    """The parsed document and one problem line per duplicate key (naming the key and both lines)."""
    try:
        data, duplicates = read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第{mark.line + 1}行" if mark is not None else ""
        start = getattr(exc, "context_mark", None)
        if start is not None and mark is not None and start.line != mark.line:
            where += f"（从第{start.line + 1}行开始的内容）"
        problem = str(getattr(exc, "problem", None) or exc)
        hint = "；YAML 不能用 Tab 缩进，请改用空格" if "'\\t'" in problem else ""
        raise ParamsError(f"{path}{where}: YAML 格式错误：{problem}{hint}") from None
    dups = [
        f"{path}: 参数 {key!r} 写了两次（第{a}行和第{b}行）：每个参数只能写一次，请删去其中一行"
        for key, a, b in duplicates
    ]
    return data, dups


def load_params(path: str | Path) -> BriefingParams:
    """Read and validate a briefing parameter file.

    Parameters
    ----------
    path : str or Path
        A YAML file such as ``params/monthly.yaml``. ``name`` defaults to the file stem.

    Returns
    -------
    BriefingParams

    Raises
    ------
    ParamsError
        The file is missing, unreadable or not valid YAML, has a key written twice, an unknown key (typo)
        or a bad value; the message names the file, the key (and both lines of a duplicate), the bad value
        and the allowed keys or values — every problem at once.
    """

    path = Path(path)
    try:
        raw = read_yaml_bytes(path)  # a device (/dev/zero) or a file over the limit: InputFileError, exit 2
        text = raw.decode("utf-8")
    except FileNotFoundError:
        others = sorted(p.stem for p in path.parent.glob("*.yaml")) if path.parent.is_dir() else []
        raise ParamsError(
            f"{path}: 找不到参数文件；{path.parent} 下可用的简报：{', '.join(others) or '（无）'}"
        ) from None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParamsError(
            f"{path} 第{line}行: 不是 UTF-8 文本（第 {exc.start + 1} 个字节 0x{raw[exc.start]:02x} 无法解码）；"
            "请用记事本或编辑器另存为 UTF-8"
        ) from None
    except OSError as exc:  # a folder, no permission …
        raise ParamsError(os_error_text(exc, path, "读取参数文件")) from None
    data, duplicates = _read_yaml(path, text)
    return parse_params(data, path, duplicates)


def notebook_parameters(params: BriefingParams, snapshot: str = "") -> dict[str, Any]:
    """Exactly the papermill parameters every briefing notebook takes.

    ``as_of`` must be set (the CLI fills it in); ``plan`` as given (the renderer passes the plan's folder,
    so a notebook finds it from any working directory); ``domains`` empty means every known domain;
    ``interactive`` is always False because a rendered briefing shows static views; ``snapshot`` is the
    renderer's copy of the inputs, parsed once for every notebook ("" = each notebook reads the files).
    """
    if params.as_of is None:
        raise ParamsError(
            f"简报 {params.name!r} 没有指定数据截至月份：请用 --as-of YYYY-MM 或在参数文件中写 as_of"
        )
    return {
        "as_of": params.as_of,
        "plan": params.plan,
        "actuals": [str(p) for p in params.actuals],
        "targets": params.targets,
        "domains": list(params.domains) or list(KNOWN_DOMAINS),
        "language": params.language,
        "interactive": False,
        "snapshot": snapshot,
    }


def safe_relpath(name: str) -> str:
    """Return ``name`` if it is a single safe path component, else raise ParamsError.

    Anything that becomes part of an output path goes through this check, so nothing is written
    outside the output folder (no '..', no absolute names, no separators).
    """
    if not isinstance(name, str) or not SAFE_NAME_RE.match(name) or Path(name).is_absolute():
        raise ParamsError(f"名称 {name!r} 不能用作输出路径：只能含字母、数字、_ 和 -（不能含 .. 或 /）")
    return name
