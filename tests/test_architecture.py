"""The package's shape: imports run one way, no circles, thin package faces, modules of one concept.

Layers, lowest first (a module may import its own layer or lower ones, never higher):
data → methods → concepts → plotting → widgets → checks → release/demo/grading → cli.
Imports are read from the source (module level and inside functions alike, except
``if TYPE_CHECKING:`` blocks), so a lazy import counts as much as an eager one.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "labkit"

LAYERS = [
    ("base", ["labkit", "labkit._lazy", "labkit._validate", "labkit.errors", "labkit.labels", "labkit.kernelspec"]),
    ("data", ["labkit.curriculum", "labkit.datasets"]),
    ("methods", ["labkit.methods"]),
    ("concepts", ["labkit.relationships", "labkit.service", "labkit.satisfaction", "labkit.value",
                  "labkit.value_models", "labkit.implementation", "labkit.warehouse"]),
    ("plotting", ["labkit.plotting"]),
    ("widgets", ["labkit.widgets"]),
    ("checks", ["labkit.checks"]),
    ("course tools", ["labkit.release", "labkit.demo", "labkit.grading", "labkit.edition", "labkit.progress", "labkit.rubric"]),
    ("cli", ["labkit.cli"]),
]
MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _layer(module: str) -> int:
    best = None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and prefix != "labkit":
                if best is None or len(prefix) > best[1]:
                    best = (rank, len(prefix))
    if best is None and module in ("labkit",):
        return 0
    assert best is not None, f"{module} belongs to no layer: add it to LAYERS"
    return best[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("labkit")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("labkit") and not node.level:
            for a in node.names:  # `from labkit import grading` names a module
                sub = f"{node.module}.{a.name}"
                found.add(sub if sub in MODULES else node.module)
    return found


GRAPH = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    upward = sorted(i for i in GRAPH[module] if _layer(i) > _layer(module))
    assert not upward, (f"{module} ({LAYERS[_layer(module)][0]}) imports higher layers: "
                        + ", ".join(f"{i} ({LAYERS[_layer(i)][0]})" for i in upward))


def test_no_import_circles():
    # a package face importing its own modules is how re-export works; a module importing its
    # package face back is the circle to avoid
    seen, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for n in sorted(GRAPH[m]):
            visit(n)
        stack.pop()

    for m in sorted(GRAPH):
        visit(m)
    assert not cycles, "import circles: " + "; ".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(m for m, p in MODULES.items() if p.name == "__init__.py"))
def test_package_faces_hold_only_names(module):
    """Package ``__init__`` files: a docstring, imports, ``__all__`` (and ``__version__``)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    extra = []
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] in (["__all__"], ["__version__"]):
            continue
        extra.append(f"line {node.lineno}: {type(node).__name__}")
    assert not extra, f"{module} holds code: {extra}"


# Modules over the limit, each with the reason it stays whole.
LONG = {}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES or module in LONG, f"{module} has {n} lines (limit {MAX_LINES}): split it by concept"
