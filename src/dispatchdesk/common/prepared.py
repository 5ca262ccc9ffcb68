"""Reads whose SQL Django compiles once per process (issue 15, docs/decisions/0060).

Django turns a queryset into SQL anew every time it runs: ~1-3 ms of Python for a read with a few
joins, more than PostgreSQL takes to answer it. A page's read whose shape never changes, only its
values, is built once per database (per process) with stand-in values; each call runs that SQL with the
real values in their places and builds the objects as Django's own iterator does. Only the SQL text is
kept: every call asks the database, so nothing read is shared between requests.

The values are ints and aware datetimes (`Slot`): the stand-ins are unlikely values, found again in the
compiled parameters; a read where one cannot be found is refused when it is first built.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)
Slot = int | datetime

_INT_STAND_IN = -7_306_994_211  # no id, number or count is negative
_MOMENT_STAND_IN = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler  # as Django left it after compiling: what the columns are and how to convert them
    sql: str
    params: tuple[Any, ...]
    slots: dict[int, str]  # position in params -> the name of the value that goes there


class PreparedRead(Generic[M]):
    """`build(**stand_ins)` makes the read's queryset; `objects(**values)` runs it with the values."""

    def __init__(self, build: Callable[..., QuerySet[M]], **kinds: type[Slot]) -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}  # by database alias

    def objects(self, **values: Slot) -> list[M]:
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(connection.alias)
        if compiled is None:
            compiled = self._compiled[connection.alias] = self._compile(connection)
        params = list(compiled.params)
        for position, name in compiled.slots.items():
            params[position] = _adapted(connection, values[name])
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection  # this thread's
        compiler.as_sql = lambda *_args, **_kwargs: (compiled.sql, tuple(params))  # type: ignore[method-assign]
        return list(ModelIterable(cast(QuerySet[M], _Run(connection.alias, compiler))))

    def _compile(self, connection: BaseDatabaseWrapper) -> _Compiled:
        stand_ins = {name: _stand_in(kind, n) for n, (name, kind) in enumerate(self._kinds.items())}
        compiler = self._build(**stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        wanted = {_adapted(connection, value): name for name, value in stand_ins.items()}
        slots = {position: wanted[param] for position, param in enumerate(params) if _hashable(param) in wanted}
        missing = set(stand_ins) - set(slots.values())
        if missing:
            raise ValueError(f"the prepared read's SQL does not take {sorted(missing)} as parameters")
        return _Compiled(compiler, sql, tuple(params), slots)


@dataclass(frozen=True)
class _Run:
    """What Django's model iterator reads of a queryset: the database, and a compiler already set up."""

    db: str
    compiler: SQLCompiler
    _known_related_objects = {}  # type: ignore[var-annotated]  # none: no related manager made the read

    @property
    def query(self) -> _Run:
        return self

    def get_compiler(self, using: str) -> SQLCompiler:
        return self.compiler


def _stand_in(kind: type[Slot], n: int) -> Slot:
    if kind is int:
        return _INT_STAND_IN - n
    return _MOMENT_STAND_IN + timedelta(microseconds=n)


def _adapted(connection: BaseDatabaseWrapper, value: Slot) -> Any:
    """The value as Django passes it to the database driver (SQLite takes moments as text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _hashable(param: Any) -> Any:
    try:
        hash(param)
    except TypeError:
        return None
    return param
