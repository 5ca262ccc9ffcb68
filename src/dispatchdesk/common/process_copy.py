"""Configuration that is read on every ticket but changed a few times a year, kept per process.

A save or delete of one of its source rows drops this process's copy at once, and again when
that transaction commits (so no other thread keeps what it read before the commit). Other
processes reload within `reload_after` seconds: that is how long an admin's edit may take to
apply everywhere. A copy asked for by revision (a value read with the live data, which moves
with every change) is exact instead (docs/decisions/0011-per-process-copies.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from threading import Lock
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

RELOAD_AFTER = 60.0  # seconds


class _Held(NamedTuple, Generic[T]):
    loaded_at: float
    revision: object
    value: T


class ProcessCopy(Generic[T]):
    _every: ClassVar[list[ProcessCopy[Any]]] = []

    def __init__(
        self,
        name: str,
        load: Callable[[], T],
        *,
        sources: Iterable[type[models.Model]],
        reload_after: float = RELOAD_AFTER,
    ) -> None:
        self._load, self._reload_after = load, reload_after
        self._held: _Held[T] | None = None
        self._generation = 0  # moved by every forget(): a load that overlapped one is not kept
        self._lock = Lock()
        for model in sources:
            for kind, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(self._changed, sender=model, weak=False, dispatch_uid=f"{name}-{kind}-{model.__name__}")
        ProcessCopy._every.append(self)

    def get(self, revision: object = None) -> T:
        """The copy, loaded again when older than `reload_after` or held for another `revision`."""
        held = self._held
        if held is not None and held.revision == revision and time.monotonic() - held.loaded_at <= self._reload_after:
            return held.value
        with self._lock:
            generation, loaded_at = self._generation, time.monotonic()
            value = self._load()
            if generation == self._generation:
                self._held = _Held(loaded_at, revision, value)
            return value

    def forget(self) -> None:
        self._generation += 1
        self._held = None

    @classmethod
    def forget_all(cls) -> None:
        """Drop every copy: for tests, whose rolled-back rows fire no signal."""
        for copy in cls._every:
            copy.forget()

    def _changed(self, **_signal: Any) -> None:
        self.forget()
        transaction.on_commit(self.forget)
