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
from liulin_data.exceptions import ParamsError
from liulin_data.plan import load_plan

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

    from liulin_data.briefing.params import _Loader

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
    from liulin_data.cli import add_brief_arguments

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
