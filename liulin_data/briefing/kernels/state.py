"""Runs inside a pool kernel: remember the state after the warm-up, put it back after every notebook.

:func:`snapshot` is called once, at the end of a kernel's warm-up; :func:`reset` after each notebook. The
reset **restores** what a notebook commonly changes and **checks** the rest; when a check fails it
returns the reasons, and the pool (``liulin_data.briefing.kernels.pool``) kills the kernel and uses a fresh one instead.
So a later notebook sees either the warm-up state or a new process — never what an earlier one left.

Restored: the user namespace, ``In``/``Out`` and the execution counter (``%reset -f``); open matplotlib
figures and rcParams; ``os.environ``, the working directory, ``sys.path``, ``sys.argv``; warning filters;
pandas options; numpy's global random state and print options; IPython's display-formatter registrations.

Checked (a difference means a fresh kernel): every module-level name of every module imported at the
snapshot is still bound to the same object (monkeypatching ``pandas.read_csv``, assigning
``liulin_data.engine.ON_TRACK_TOLERANCE``, ``builtins``); the module-level dicts, lists and sets of
``liulin_data`` keep their contents; no new top-level module was imported (a notebook's own helper
module, a package the warm-up did not import); no thread was left running; IPython's configuration
(``%config``) is unchanged.

Not covered (use ``KernelPool(reuse=False)`` for notebooks that do this): in-place changes inside
third-party objects (a class attribute of a pandas class, a colormap or font registered with matplotlib),
C-level state, signal handlers, open files. Memo caches of pure functions (``functools.cache``) keep
their entries: they change no result.

The objects alive after the warm-up (the imported modules, fonts, caches: about 140,000) are moved out of the
garbage collector's reach (``gc.freeze``): they live as long as the kernel, and without this every full
collection — the one in each reset, and those that matplotlib's many small objects trigger while a notebook
draws — walks them all again (0.1 s of each reset, and about 15% of a briefing's CPU in its notebooks).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import warnings
from dataclasses import dataclass
from typing import Any

# module-level values of liulin_data whose contents are compared (not only their identity)
_CONTAINERS = (dict, list, set)
# modules whose bindings change legitimately: the user namespace (also aliased as __mp_main__), this module
_UNWATCHED = ("__main__", "__mp_main__", __name__)
# names ipykernel and pyzmq rebind on every execution request (stdin forwarding, the zmq garbage collector)
_KERNEL_REBINDS = {
    "builtins": {"input"},
    "getpass": {"getpass"},
    "sys": {"excepthook"},
    "zmq.backend.cython._zmq": {"_gc"},
}


@dataclass
class _Snapshot:
    """What :func:`reset` restores or compares against."""

    modules: set[str]
    bindings: dict[str, dict[str, Any]]
    contents: dict[str, str]
    environ: dict[str, str]
    cwd: str
    path: list[str]
    argv: list[str]
    warnings: list[Any]
    libraries: dict[str, Any]
    formatters: dict[str, tuple[dict, dict]]
    threads: set[int]
    config: str


_SNAPSHOT: _Snapshot | None = None
_GONE = object()  # a module-level name that no longer exists


def _bindings(names: set[str]) -> dict[str, dict[str, Any]]:
    """Module → name → the bound object, for the modules ``names``.

    The objects themselves, not their ids: a replaced object could be freed and its id reused.
    """
    out = {}
    for name in names:
        namespace = _namespace(name)
        if namespace is not None and name not in _UNWATCHED:
            skip = _KERNEL_REBINDS.get(name, ())
            out[name] = {k: v for k, v in list(namespace.items()) if k not in skip}
    return out


def _namespace(module_name: str) -> dict[str, Any] | None:
    return getattr(sys.modules.get(module_name), "__dict__", None)


def _rebound(bindings: dict[str, dict[str, Any]]) -> list[str]:
    """``module.name`` of every binding no longer to the same object (or gone)."""
    out = []
    for module, names in bindings.items():
        namespace = _namespace(module) or {}
        out += [f"{module}.{k}" for k, v in names.items() if namespace.get(k, _GONE) is not v]
    return out


def _contents() -> dict[str, str]:
    """``module.name`` → repr of each module-level dict, list and set of liulin_data, each object once (under
    the first name found: the module that defines it is imported before the modules that import it)."""
    out, seen = {}, set()
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "liulin_data" and name not in _UNWATCHED:
            for key, value in list(vars(module).items()):
                if isinstance(value, _CONTAINERS) and id(value) not in seen:
                    seen.add(id(value))
                    out[f"{name}.{key}"] = repr(value)
    return out


def _formatters() -> dict[str, tuple[dict, dict]]:
    shell = _shell()
    if shell is None:
        return {}
    formatters = shell.display_formatter.formatters
    return {m: (dict(f.type_printers), dict(f.deferred_printers)) for m, f in formatters.items()}


def _pandas_keys() -> list[str]:
    """Every registered pandas option but the deprecated ones (reading those warns)."""
    from pandas._config import config

    return [k for k in config._registered_options if k not in config._deprecated_options]


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def _threads() -> set[int]:
    """Idents of the live threads, but pyzmq's garbage collector (started on the first large output)."""
    return {t.ident for t in threading.enumerate() if not type(t).__module__.startswith("zmq")}


def snapshot() -> None:
    """Remember the kernel's state; call once, after the warm-up."""
    global _SNAPSHOT
    shell = _shell()
    if shell is not None:  # the warm-up's own names are not for the notebooks
        shell.reset(new_session=True)  # also restarts the execution counter
    gc.collect()  # the warm-up's garbage first: what is frozen is never collected
    gc.freeze()  # what is left lives as long as the kernel: no collection walks it again
    modules = set(sys.modules)
    _SNAPSHOT = _Snapshot(
        modules=modules,
        bindings=_bindings(modules),
        contents=_contents(),
        environ=dict(os.environ),
        cwd=os.getcwd(),
        path=list(sys.path),
        argv=list(sys.argv),
        warnings=list(warnings.filters),
        libraries=_library_state(),
        formatters=_formatters(),
        threads=_threads(),
        config=repr(shell.config) if shell is not None else "",
    )


def reset() -> list[str]:
    """Restore the snapshot; return what could not be vouched for (empty: the kernel is clean)."""
    if _SNAPSHOT is None:
        return ["no snapshot was taken"]
    snap = _SNAPSHOT
    _restore_interpreter(snap)
    _restore_libraries(snap.libraries)
    return _check(snap)


def reset_or_raise() -> None:
    """:func:`reset`, raising RuntimeError with the reasons when the kernel is not clean."""
    problems = reset()
    if problems:
        raise RuntimeError("; ".join(problems[:10]) + (" …" if len(problems) > 10 else ""))


def _restore_interpreter(snap: _Snapshot) -> None:
    # first the folder: the notebook's may be gone already (a worker's temporary folder), and the
    # shell's reset asks for the current one
    os.chdir(snap.cwd)
    os.environ.clear()
    os.environ.update(snap.environ)
    sys.path[:] = snap.path
    sys.argv[:] = snap.argv
    warnings.filters[:] = snap.warnings
    shell = _shell()
    if shell is not None:
        # %reset -f, and a new history session: the execution counter restarts at 1 without clashing
        # with the line numbers already in the history database
        shell.reset(new_session=True)
        for mime, (types, deferred) in snap.formatters.items():
            formatter = shell.display_formatter.formatters[mime]
            formatter.type_printers.clear()
            formatter.type_printers.update(types)
            formatter.deferred_printers.clear()
            formatter.deferred_printers.update(deferred)


def _library_state() -> dict[str, Any]:
    """rcParams, pandas options, numpy's random state and print options: of the libraries imported.

    A library the warm-up did not import is not imported here (a notebook that imports it gets a fresh
    kernel next time: a new module).
    """
    mods = sys.modules
    state: dict[str, Any] = {}
    if "matplotlib" in mods:
        state["matplotlib"] = dict(mods["matplotlib"].rcParams)
    if "pandas" in mods:
        state["pandas"] = {k: mods["pandas"].get_option(k) for k in _pandas_keys()}
    if "numpy" in mods:
        state["numpy"] = (mods["numpy"].random.get_state(), mods["numpy"].get_printoptions())
    return state


def _restore_libraries(state: dict[str, Any]) -> None:
    mods = sys.modules
    if "matplotlib.pyplot" in mods:
        mods["matplotlib.pyplot"].close("all")
    if "matplotlib" in state:  # dict.update: no validation, these values were valid when taken
        dict.update(mods["matplotlib"].rcParams, state["matplotlib"])
    if "pandas" in state:
        _restore_pandas(state["pandas"])
    if "numpy" in state:
        random_state, print_options = state["numpy"]
        mods["numpy"].random.set_state(random_state)
        mods["numpy"].set_printoptions(**print_options)


def _restore_pandas(options: dict[str, Any]) -> None:
    import pandas

    registered = pandas._config.config._registered_options
    for key in _pandas_keys():  # options registered after the snapshot go back to their default
        want = options.get(key, registered[key].defval)
        now = pandas.get_option(key)
        if now is not want and now != want:
            pandas.set_option(key, want)


def _check(snap: _Snapshot) -> list[str]:
    problems = []
    new = set(sys.modules) - snap.modules
    tops = {m.split(".")[0] for m in snap.modules}
    problems += [f"new module {m}" for m in sorted(new) if m.split(".")[0] not in tops]
    # a lazily imported submodule of a package the warm-up loaded is fine; watch it from now on
    snap.modules |= new
    snap.bindings.update(_bindings(new))
    problems += [f"{name} was reassigned or deleted" for name in _rebound(snap.bindings)]
    contents = _contents()
    problems += [f"{k} was changed" for k, v in snap.contents.items() if contents.get(k) != v]
    left = _threads() - snap.threads
    if left:
        problems.append(f"{len(left)} thread(s) left running")
    shell = _shell()
    if shell is not None and repr(shell.config) != snap.config:
        problems.append("IPython configuration changed (%config)")
    return problems
