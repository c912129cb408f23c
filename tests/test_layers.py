"""The folders are the layers: every import of the package points down, none goes round in a cycle, and a
file's head says what it needs. Read from the source with ``ast`` (nothing is imported), so the test is cheap.

Layers, lowest first (``docs/architecture.md`` draws them):

core → files → plan → inputs → engine → session → present → briefing → apps → the package's ``__init__``.

A module may import its own layer and the layers below it. Imports of the package go at the top of the file;
the few kept inside functions on purpose (start-up time) are listed in :data:`LAZY`, each with its reason.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "liulin_data"
LAYERS = ("core", "files", "plan", "inputs", "engine", "session", "present", "briefing", "apps")

# module -> why its imports of the package stay inside functions
LAZY = {
    "liulin_data": "PEP 562: `import liulin_data` imports nothing until a public name is used",
    "liulin_data.apps.cli": "each command imports what it runs, so `liulin --help` and `liulin targets` start fast",
    "liulin_data.briefing.kernels.pool": "the papermill engine imports papermill (1.2 s): imported when the "
    "first notebook runs, so the pool's kernels start meanwhile",
}
# size limits (issue #22): no function over 80 lines, no module over 700
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 700


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _target(name: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules one import statement of module ``name`` reaches."""
    if isinstance(node, ast.Import):
        bases = [a.name for a in node.names]
        return [_owner(b) for b in bases if b.split(".")[0] == "liulin_data"]
    if node.level:
        parts = name.split(".") if _is_package(name) else name.split(".")[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join([*parts, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    if base.split(".")[0] != "liulin_data":
        return []
    return [_owner(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base) for a in node.names]


def _owner(dotted: str) -> str:
    while dotted not in MODULES and "." in dotted:
        dotted = dotted.rsplit(".", 1)[0]
    return dotted


def _with_packages(target: str) -> list[str]:
    """The module an import names and the packages it sits in (their ``__init__`` runs first); the package
    root is left out (its ``__init__`` imports nothing until a public name is used)."""
    parts = target.split(".")
    return [".".join(parts[:k]) for k in range(2, len(parts) + 1) if ".".join(parts[:k]) in MODULES]


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside |= {id(n) for n in ast.walk(node)}
    return inside


def _imports() -> tuple[dict[str, set[str]], list[str]]:
    """The import graph (module → modules it imports, lazy ones included) and the imports inside functions."""
    graph: dict[str, set[str]] = defaultdict(set)
    inner = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in skip:
                continue
            for target in _target(name, node):
                for reached in _with_packages(target):  # importing a.b.c runs a/__init__ and a/b/__init__
                    if reached != name and not name.startswith(reached + "."):
                        graph[name].add(reached)
                if target == name:
                    continue
                if id(node) not in top and name not in LAZY:
                    inner.append(f"{name}:{node.lineno} imports {target} inside a function")
    return graph, inner


def layer(name: str) -> int:
    """The layer index of a module: its first folder under the package (the package root is above all)."""
    parts = name.split(".")
    if len(parts) == 1:
        return len(LAYERS)
    return LAYERS.index(parts[1])


GRAPH, INNER = _imports()


def test_every_module_lives_in_a_layer():
    strays = [n for n in MODULES if "." in n and n.split(".")[1] not in LAYERS]
    assert strays == [], f"modules outside the layer folders {LAYERS}: {strays}"


def test_imports_point_down():
    upward = [
        f"{src} ({LAYERS[layer(src)] if layer(src) < len(LAYERS) else 'root'}) imports {dst}"
        for src, targets in GRAPH.items()
        for dst in targets
        if layer(dst) > layer(src)
    ]
    assert upward == []


def test_no_import_cycles():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in MODULES:
        if name not in index:
            visit(name)
    assert cycles == []


def test_imports_of_the_package_are_at_the_top():
    assert INNER == []


@pytest.mark.parametrize("reason", LAZY.values())
def test_every_lazy_module_says_why(reason):
    assert len(reason) > 20


def _functions(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_is_longer_than_the_limit():
    long = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in _functions(tree):
            size = fn.end_lineno - fn.lineno + 1
            if size > MAX_FUNCTION_LINES:
                long.append(f"{name}.{fn.name}")
    assert long == []


def test_no_module_is_longer_than_the_limit():
    long = [
        name
        for name, path in MODULES.items()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES
    ]
    assert long == []


# below the session a plan is a Plan and a month a Month (#22.1): a plan name or folder, or a month written as
# text, is resolved once at the door (session/: open_session, the doors of liulin_data) and nowhere under it.
# Their owners, core/periods.py and plan/folder.py, define them; any other call below the session is listed here.
RESOLVERS = ("load_plan", "parse_month", "check_month")
BELOW_THE_SESSION = LAYERS[: LAYERS.index("session")]
OWNERS = ("liulin_data.core.periods", "liulin_data.plan.folder")
# function -> why it calls a resolver on purpose
RESOLVES_DATA = {
    "liulin_data.engine.pace.month_of": "reads a month of the data (a catalog row's deadline, a 'YYYY-MM' key "
    "of a series), never a caller's argument",
}


def _resolver_calls() -> set[str]:
    """Every function below the session (module.function) that calls load_plan, parse_month or check_month."""
    found = set()
    for name, path in MODULES.items():
        if name in OWNERS or "." not in name or name.split(".")[1] not in BELOW_THE_SESSION:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in _functions(tree):
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    called = (
                        node.func.attr
                        if isinstance(node.func, ast.Attribute)
                        else getattr(node.func, "id", "")
                    )
                    if called in RESOLVERS:
                        found.add(f"{name}.{fn.name}")
    return found


def test_nothing_below_the_session_resolves_a_plan_name_or_a_month_text():
    assert sorted(_resolver_calls()) == sorted(RESOLVES_DATA)


@pytest.mark.parametrize("reason", RESOLVES_DATA.values())
def test_every_resolving_function_says_why(reason):
    assert len(reason) > 20


def test_the_contract_sees_real_edges():
    """The reader of imports finds what is there (a test that cannot pass on an empty graph)."""
    assert "liulin_data.core.periods" in GRAPH["liulin_data.plan.folder"]
    assert layer("liulin_data.core.periods") == 0 and layer("liulin_data.apps.cli") == len(LAYERS) - 1
