"""The rules of the code's shape that import-linter cannot see (docs/decisions/0012-layers.md).

- Every ticket enters through the front door: only `tickets/services/create.py` writes a new
  ticket row, and only `intake/services.py` calls it (import-linter's "protected" contract checks
  the imports; this test also catches rows written around it).
- No function-local import of the project's own modules dodges the layering, except in an
  `AppConfig.ready`, where Django requires them.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import dispatchdesk

SOURCE = Path(dispatchdesk.__file__).parent
RECORD = SOURCE / "tickets" / "services" / "create.py"
# gunicorn's master imports no Django (docs/decisions/0037): its worker hooks import the project when they run.
GUNICORN_HOOKS = SOURCE / "config" / "gunicorn.py"
FRONT_DOOR = SOURCE / "intake" / "services.py"
CREATING_METHODS = {"create", "bulk_create", "get_or_create", "update_or_create"}


def modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def makes_ticket(func: ast.expr) -> bool:
    """Ticket(...) or Ticket.objects.create(...) and its kin."""
    if isinstance(func, ast.Name):
        return func.id == "Ticket"
    return (
        isinstance(func, ast.Attribute)
        and func.attr in CREATING_METHODS
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "objects"
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "Ticket"
    )


def ticket_writes(tree: ast.Module) -> list[int]:
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and makes_ticket(node.func)]


def record_calls(tree: ast.Module) -> list[int]:
    """Lines that name `ticket_create`, the record the front door keeps to itself."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Name) and node.id == "ticket_create")
        or (isinstance(node, ast.alias) and node.name == "ticket_create")
        or (isinstance(node, ast.ImportFrom) and node.module == "dispatchdesk.tickets.services.create")
    ]


def local_imports(tree: ast.Module) -> list[int]:
    """Lines of `import dispatchdesk…` inside a function, other than an AppConfig's ready()."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or function.name == "ready":
            continue
        for node in ast.walk(function):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in getattr(node, "names", [])]
            )
            if isinstance(node, ast.Import | ast.ImportFrom) and any(n.startswith("dispatchdesk") for n in names):
                found.append(node.lineno)
    return found


def test_only_the_record_writes_a_new_ticket_row() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): lines
        for path, tree in modules()
        if path != RECORD and (lines := ticket_writes(tree))
    }

    assert not offenders, f"a ticket made outside tickets/services/create.py: {offenders}"


def test_only_the_front_door_calls_the_record() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): lines
        for path, tree in modules()
        if path not in (RECORD, FRONT_DOOR) and (lines := record_calls(tree))
    }

    assert not offenders, f"ticket_create used outside intake/services.py: {offenders}"


def test_no_function_imports_the_project_to_dodge_a_cycle() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): lines
        for path, tree in modules()
        if path != GUNICORN_HOOKS and (lines := local_imports(tree))
    }

    assert not offenders, f"function-local imports of dispatchdesk modules: {offenders}"


def test_the_checks_see_what_they_look_for() -> None:
    sample = ast.parse(
        "from dispatchdesk.tickets.services.create import ticket_create\n"
        "def f():\n"
        "    from dispatchdesk.tickets import models\n"
        "    Ticket.objects.create(subject='x')\n"
        "    return Ticket(subject='y'), ticket_create\n"
    )

    assert ticket_writes(sample) == [4, 5]
    assert sorted(set(record_calls(sample))) == [1, 5]
    assert local_imports(sample) == [3]
