"""Liulin County (柳林县) work-report target tracker: any county's plan, any year (see ``plan.py``).

The public API is imported lazily (PEP 562): ``import liulin_data`` stays cheap, and pandas,
matplotlib and friends load only when a function that needs them is first used.
"""

from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "load_targets": "catalog",
    "load_tasks": "catalog",
    "load_history": "history",
    "load_actuals": "inputs",
    "load_milestones": "inputs",
    "load_inputs": "inputs",
    "check_files": "inputs",
    "write_template": "template",
    "progress": "tracker",
    "attention": "present.summaries",
    "load_plan": "plan",
    "list_plans": "plan",
    "load_profiles": "profiles",
    "load_params": "briefing.params",
    "render_briefing": "briefing.render",
    "use_cjk_font": "present.fonts",
    "convert": "units",
    "LiulinError": "exceptions",
    "CatalogError": "exceptions",
    "ActualsError": "exceptions",
    "UnitError": "exceptions",
    "PeriodError": "exceptions",
    "ParamsError": "exceptions",
    "RenderError": "exceptions",
    "PlanError": "exceptions",
    "Problem": "exceptions",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'liulin_data' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
