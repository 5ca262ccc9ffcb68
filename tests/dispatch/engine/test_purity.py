"""dispatch.engine stays plain Python: nothing under it imports Django or the rest of the product."""

import ast
import sys
from pathlib import Path

from dispatchdesk.dispatch import engine

FORBIDDEN_ROOTS = ("django", "ninja", "django_htmx", "django_tasks")
# Product modules that are plain Python themselves (the standard library only), so the engine may use them.
PLAIN_PYTHON = ("dispatchdesk.common.lazy",)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_engine_module_imports_django_or_other_product_code() -> None:
    offenders = {}
    for path in Path(engine.__file__).parent.rglob("*.py"):
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] in FORBIDDEN_ROOTS
            or (
                name.startswith("dispatchdesk.")
                and not name.startswith("dispatchdesk.dispatch.engine")
                and name not in PLAIN_PYTHON
            )
        }
        if bad:
            offenders[path.name] = sorted(bad)

    assert offenders == {}


def test_the_plain_python_modules_the_engine_may_use_import_the_standard_library_only() -> None:
    for name in PLAIN_PYTHON:
        path = Path(engine.__file__).parents[2].joinpath(*name.split(".")[1:]).with_suffix(".py")
        assert {module.split(".")[0] for module in imported_modules(path)} <= set(sys.stdlib_module_names)
