"""Running test code in spawned OS processes against the parent's test database.

A spawned child starts without Django and unpickles its arguments before anything else runs,
so it gets only picklable plain values and the *name* of the function to call. It points
Django at the parent's test database, sets Django up, and only then imports that function,
whose module may then import models at the top like any other test module.
"""

from __future__ import annotations

import importlib
from typing import Any

import django
from django.conf import settings
from django.db import connections


def run_in_django(database: str, target: str, *args: Any) -> None:
    """Call `target` ("package.module:function") with `args` against the database named `database`."""
    settings.DATABASES["default"]["NAME"] = database  # before setup: connections read it lazily
    django.setup()
    module, name = target.split(":")
    try:
        getattr(importlib.import_module(module), name)(*args)
    finally:
        connections.close_all()  # the parent flushes the tables next; leave no session holding locks
