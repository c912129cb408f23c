"""Liulin County (柳林县) work-report target tracker: any county's plan, any year (see ``plan.py``).

The public API is imported lazily (PEP 562): ``import liulin_data`` stays cheap, and pandas,
matplotlib and friends load only when a function that needs them is first used.
"""

from importlib import import_module

from .core.version import __version__

# public name -> module that defines it. The loaders and progress are the doors of the session layer
# (session/doors.py): they take a plan name, a folder or None, and a month as text, and resolve them once.
_EXPORTS = {
    "load_targets": "session.doors",
    "load_tasks": "session.doors",
    "load_history": "session.doors",
    "load_actuals": "session.doors",
    "load_milestones": "session.doors",
    "load_inputs": "session.doors",
    "check_files": "session.doors",
    "write_template": "apps.template",
    "progress": "session.doors",
    "attention": "present.summaries",
    "load_plan": "plan.folder",
    "list_plans": "plan.folder",
    "load_profiles": "session.doors",
    "load_params": "briefing.params",
    "render_briefing": "briefing.render",
    "use_cjk_font": "present.fonts",
    "convert": "core.units",
    "LiulinError": "core.exceptions",
    "CatalogError": "core.exceptions",
    "ActualsError": "core.exceptions",
    "UnitError": "core.exceptions",
    "PeriodError": "core.exceptions",
    "ParamsError": "core.exceptions",
    "RenderError": "core.exceptions",
    "PlanError": "core.exceptions",
    "Problem": "core.exceptions",
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
