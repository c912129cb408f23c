"""The briefing parameter spec: the shipped params/*.yaml, typos, bad values, CLI help from the spec."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from liulin_data.briefing.params import (
    KNOWN_DOMAINS,
    BriefingParams,
    load_params,
    notebook_parameters,
    safe_relpath,
)
from liulin_data.core.exceptions import ParamsError
from liulin_data.plan.folder import load_plan

REPO = Path(__file__).resolve().parent.parent
PARAMS = REPO / "params"
SHIPPED = ["monthly", "energy", "agriculture", "consumption"]


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_params_load(name):
    params = load_params(PARAMS / f"{name}.yaml")
    assert params.name == name
    assert params.kind.endswith("月度简报") and params.plan == "liulin-2026"
    assert load_plan(params.plan).briefing_title(params.kind).startswith("柳林县2026年目标任务")
    assert params.schedule == "monthly"
    assert params.timeout_s == 600
    assert params.actuals == []  # the shipped sample
    assert set(params.domains) <= set(KNOWN_DOMAINS)
    assert "#" in (PARAMS / f"{name}.yaml").read_text(encoding="utf-8")  # commented for analysts


def test_monthly_runs_all_four_notebooks():
    params = load_params(PARAMS / "monthly.yaml")
    assert params.notebooks == ["00_overview", "10_energy", "20_agriculture", "30_consumption"]


def test_unknown_key_is_an_error_naming_file_key_and_allowed_keys(tmp_path):
    path = write(tmp_path, "kind: 简报\nnotebooks: [00_overview]\ntimout_s: 30\n")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    text = str(info.value)
    assert str(path) in text
    assert "'timout_s'" in text
    assert "30" in text  # the bad value
    assert "timeout_s" in text  # did-you-mean and the allowed keys
    assert "require_fresh" in text


def test_all_problems_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        "kind: 简报\nnotebooks: [00_overview]\nlanguage: fr\ndomains: [energy, coal]\ntimeout_s: 0\n",
    )
    with pytest.raises(ParamsError) as info:
        load_params(path)
    text = str(info.value)
    assert "3 个问题" in text
    assert "'fr'" in text and "应为 'zh'" in text  # only Chinese briefings exist
    assert "coal" in text and "agriculture" in text  # bad domain and the known list
    assert "参数 timeout_s 的值 0 无效：应大于 0" in text


def test_dates_stay_strings(tmp_path):
    # a SafeLoader would turn 2026-10-01 into a datetime.date; ours keeps the text, which reads as a month
    import yaml

    from liulin_data.files.yamlfile import TextLoader as _Loader

    assert yaml.load("as_of: 2026-10-01", Loader=_Loader) == {"as_of": "2026-10-01"}
    ok = load_params(write(tmp_path, "kind: 简报\nnotebooks: [a]\nas_of: 2026/10\n", "ok.yaml"))
    assert ok.as_of == "2026-10"


@pytest.mark.parametrize("month", ["2026-13", "0000-01", "26-10", "十月"])
def test_bad_month_rejected(tmp_path, month):
    with pytest.raises(ParamsError, match="YYYY-MM"):
        load_params(write(tmp_path, f"kind: 简报\nnotebooks: [a]\nas_of: '{month}'\n"))


@pytest.mark.parametrize("bad", ["../evil", "/abs/path", "a/b", ".hidden", "a..b/c"])
def test_output_path_components_must_stay_inside(tmp_path, bad):
    with pytest.raises(ParamsError):
        load_params(write(tmp_path, f"name: '{bad}'\nkind: 简报\nnotebooks: [a]\n"))
    with pytest.raises(ParamsError):
        load_params(write(tmp_path, f"kind: 简报\nnotebooks: ['{bad}']\n"))
    with pytest.raises(ParamsError):
        safe_relpath(bad)


def test_name_defaults_to_file_stem(tmp_path):
    assert load_params(write(tmp_path, "kind: 简报\nnotebooks: [a]\n", "weekly.yaml")).name == "weekly"


def test_missing_file_lists_available(tmp_path):
    write(tmp_path, "kind: x\nnotebooks: [a]\n", "energy.yaml")
    with pytest.raises(ParamsError, match="energy"):
        load_params(tmp_path / "enrgy.yaml")


def test_yaml_syntax_error_names_line(tmp_path):
    with pytest.raises(ParamsError, match="第2行"):
        load_params(write(tmp_path, "kind: x\nnotebooks: [a\nlanguage: zh\n"))


def test_notebook_parameters_exact():
    params = load_params(PARAMS / "energy.yaml").model_copy(update={"as_of": "2026-10"})
    assert notebook_parameters(params) == {
        "as_of": "2026-10",
        "plan": "liulin-2026",
        "targets": "",
        "actuals": [],
        "domains": ["energy"],
        "language": "zh",
        "interactive": False,
        "snapshot": "",
    }
    monthly = load_params(PARAMS / "monthly.yaml").model_copy(update={"as_of": "2026-10"})
    assert notebook_parameters(monthly)["domains"] == list(KNOWN_DOMAINS)  # empty = every domain


def test_notebook_parameters_needs_as_of():
    with pytest.raises(ParamsError, match="--as-of"):
        notebook_parameters(load_params(PARAMS / "monthly.yaml"))


def test_model_forbids_extra_directly():
    with pytest.raises(ValueError):
        BriefingParams(name="x", kind="t", notebooks=["a"], colour="red")


def test_cli_help_comes_from_the_spec():
    from liulin_data.apps.cli import add_brief_arguments

    parser = argparse.ArgumentParser(prog="liulin brief")
    add_brief_arguments(parser)
    text = " ".join(parser.format_help().split())
    for field in ("as_of", "actuals", "require_fresh"):
        description = " ".join(BriefingParams.model_fields[field].description.split())
        assert description in text
    args = parser.parse_args([])
    assert (args.name, args.out, args.due, args.jobs) == ("monthly", "reports", False, None)


def test_plan_key_names_a_known_plan_and_bounds_as_of(tmp_path):
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, "kind: 简报\nplan: nowhere-1999\nnotebooks: [a]\n"))
    assert "参数 plan 的值 'nowhere-1999' 无效" in str(info.value) and "找不到计划“nowhere-1999”" in str(
        info.value
    )
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, "kind: 简报\nnotebooks: [a]\nas_of: 2027-03\n"))
    assert "参数 as_of 的值 '2027-03' 无效" in str(info.value) and "2026-01 至 2026-12" in str(info.value)


def test_the_old_title_key_says_what_to_write_instead(tmp_path):
    with pytest.raises(ParamsError, match="title 已改为 kind"):
        load_params(write(tmp_path, "title: 柳林县目标任务月度简报\nkind: 月度简报\nnotebooks: [a]\n"))


def test_a_key_written_twice_is_an_error_naming_the_key_and_both_lines(tmp_path):
    path = write(
        tmp_path, "kind: 月度简报\nnotebooks: [00_overview]\nas_of: 2026-03\n\nkind: 能源专题月度简报\n"
    )
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value) == (
        f"参数文件 {path} 有 1 个问题：\n"
        f"  - {path}: 参数 'kind' 写了两次（第1行和第5行）：每个参数只能写一次，请删去其中一行"
    )


def test_duplicates_come_with_every_other_problem_at_once(tmp_path):
    path = write(
        tmp_path, "kind: x\nnotebooks: [a]\nnotebooks: [b]\ntimout_s: 3\nas_of: 2026-03\nas_of: 2026-04\n"
    )
    with pytest.raises(ParamsError) as info:
        load_params(path)
    text = str(info.value)
    assert "有 3 个问题" in text
    assert "参数 'notebooks' 写了两次（第2行和第3行）" in text
    assert "参数 'as_of' 写了两次（第5行和第6行）" in text
    assert "未知参数 'timout_s'" in text


def test_duplicate_keys_found_in_nested_mappings_and_through_aliases():
    import yaml

    from liulin_data.files.yamlfile import TextLoader as _Loader
    from liulin_data.files.yamlfile import duplicate_keys

    node = yaml.compose("a: &x {b: 1, b: 2}\nc: [*x, {d: 1, d: 2}]\n", Loader=_Loader)
    assert duplicate_keys(node) == [("b", 1, 1), ("d", 2, 2)]
    assert duplicate_keys(yaml.compose("a: 1\nb: 2\n", Loader=_Loader)) == []
    assert duplicate_keys(None) == []


# hostile parameter files: (id, file content, what the message says)
HOSTILE_PARAMS = [
    ("duplicate_key", "kind: x\nnotebooks: [a]\nkind: y\n", "参数 'kind' 写了两次（第1行和第3行）"),
    (
        "unknown_key",
        "kind: x\nnotebooks: [a]\ntimout_s: 30\n",
        "未知参数 'timout_s'（值：30）；是不是 'timeout_s'？",
    ),
    ("renamed_key", "title: 简报\nkind: x\nnotebooks: [a]\n", "title 已改为 kind"),
    ("missing_kind", "notebooks: [a]\n", "缺少参数 'kind'"),
    ("empty_file", "", "缺少参数 'notebooks'"),
    ("not_a_mapping", "- kind\n- notebooks\n", "参数文件应是“键: 值”的映射，而不是 list"),
    ("yaml_syntax", "kind: x\nnotebooks: [a\nlanguage: zh\n", "第3行（从第2行开始的内容）: YAML 格式错误"),
    (
        "tab_indent",
        "kind: x\n\tnotebooks: [a]\n",
        "第2行: YAML 格式错误：found character '\\t' that cannot start any token；YAML 不能用 Tab 缩进",
    ),
    (
        "gbk_bytes",
        "kind: 月度简报\nnotebooks: [a]\n".encode("gbk"),
        "第1行: 不是 UTF-8 文本（第 7 个字节 0xd4 无法解码）",
    ),
    ("no_notebooks", "kind: x\nnotebooks: []\n", "参数 notebooks 的值 [] 无效：至少要有 1 项"),
    ("empty_kind", "kind: ''\nnotebooks: [a]\n", "参数 kind 的值 '' 无效：不能为空"),
    ("notebook_path", "kind: x\nnotebooks: [../evil]\n", "笔记本名 ['../evil'] 无效"),
    ("notebook_twice", "kind: x\nnotebooks: [a, a]\n", "笔记本 ['a'] 重复出现"),
    ("bad_name", "name: ../evil\nkind: x\nnotebooks: [a]\n", "参数 name 的值 '../evil' 无效：名称只能含字母"),
    ("month_13", "kind: x\nnotebooks: [a]\nas_of: 2026-13\n", "月份应在 1 到 12 之间"),
    ("year_0", "kind: x\nnotebooks: [a]\nas_of: 0000-01\n", "年份 0 不合理"),
    ("other_year", "kind: x\nnotebooks: [a]\nas_of: 2027-03\n", "2026-01 至 2026-12"),
    ("unknown_plan", "kind: x\nplan: nowhere-1999\nnotebooks: [a]\n", "找不到计划“nowhere-1999”"),
    ("unknown_domain", "kind: x\nnotebooks: [a]\ndomains: [coal]\n", "未知领域 ['coal']"),
    ("language", "kind: x\nnotebooks: [a]\nlanguage: fr\n", "参数 language 的值 'fr' 无效：应为 'zh'"),
    ("timeout_zero", "kind: x\nnotebooks: [a]\ntimeout_s: 0\n", "参数 timeout_s 的值 0 无效：应大于 0"),
    ("timeout_text", "kind: x\nnotebooks: [a]\ntimeout_s: abc\n", "参数 timeout_s 的值 'abc' 无效：应为整数"),
    ("fresh_maybe", "kind: x\nnotebooks: [a]\nrequire_fresh: maybe\n", "应为 true 或 false"),
    (
        "actuals_scalar",
        "kind: x\nnotebooks: [a]\nactuals: data.csv\n",
        "参数 actuals 的值 'data.csv' 无效：应为列表",
    ),
    ("actuals_blank", "kind: x\nnotebooks: [a]\nactuals: ['']\n", "实际值文件路径不能为空字符串"),
    (
        "schedule",
        "kind: x\nnotebooks: [a]\nschedule: weekly\n",
        "参数 schedule 的值 'weekly' 无效：应为 'monthly'",
    ),
]


def _hostile_file(tmp_path: Path, case: str, content: str | bytes) -> Path:
    path = tmp_path / f"{case}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(("case", "content", "message"), HOSTILE_PARAMS, ids=[c[0] for c in HOSTILE_PARAMS])
def test_hostile_params_files_are_errors_naming_file_and_problem(tmp_path, case, content, message):
    path = _hostile_file(tmp_path, case, content)
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_liulin_brief_on_every_hostile_params_file_exits_2_with_the_message(tmp_path, capsys):
    from liulin_data.apps.cli import EXIT_BAD_INPUT, main

    for case, content, message in HOSTILE_PARAMS:
        path = _hostile_file(tmp_path, case, content)
        code = main(
            [
                "brief",
                case,
                "--params-dir",
                str(tmp_path),
                "--as-of",
                "2026-03",
                "--out",
                str(tmp_path / "out"),
            ]
        )
        err = capsys.readouterr().err
        assert code == EXIT_BAD_INPUT, (case, err)
        assert err.startswith("错误：") and str(path) in err and " ".join(message.split()) in err, (case, err)
        assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_params_file_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "monthly.yaml").mkdir()
    with pytest.raises(ParamsError) as info:
        load_params(tmp_path / "monthly.yaml")
    assert (
        str(info.value)
        == f"无法读取参数文件 {tmp_path / 'monthly.yaml'}：这是一个文件夹，这里需要的是文件：请给出文件的路径"
    )
