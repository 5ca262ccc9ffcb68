"""The WSGI entry point loads every route at start-up and freezes what start-up built out of the
garbage collector: scanning it made full collections 25-50 ms pauses inside requests
(docs/benchmarks/api-create-to-assigned.md)."""

import subprocess
import sys

PROBE = (
    "import gc, sys, dispatchdesk.config.wsgi; print(gc.get_freeze_count(), 'dispatchdesk.config.api' in sys.modules)"
)


def test_the_wsgi_module_loads_the_routes_and_freezes_start_up_objects() -> None:
    # A fresh interpreter: freezing the test process itself would exempt the whole suite's objects.
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120)  # noqa: S603

    frozen, routes_loaded = probe.stdout.split()

    assert int(frozen) > 10_000
    assert routes_loaded == "True"
