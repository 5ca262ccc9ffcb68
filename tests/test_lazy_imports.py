"""The web process starts without the heavy libraries (decision 0057): they load when first used."""

import subprocess
import sys

from dispatchdesk.common.lazy import lazy_import

HEAVY = ("sklearn", "scipy.stats", "scipy.optimize", "scipy.special", "openpyxl", "numpy", "PIL")


def test_a_started_web_process_has_not_loaded_the_heavy_libraries() -> None:
    # A fresh interpreter: this test process has long imported them for other tests.
    probe = (
        "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dispatchdesk.config.settings'); "
        "from dispatchdesk.config import wsgi; from django.urls import resolve; resolve('/'); "
        f"print(' '.join(name for name in {HEAVY!r} if name in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)  # noqa: S603

    assert done.stdout.split() == []


def test_a_lazy_module_is_the_module_once_read() -> None:
    lazy_json = lazy_import("json")
    assert repr(lazy_json) == "<lazy module 'json', not loaded yet>"

    assert lazy_json.dumps({"a": 1}) == '{"a": 1}'
    assert repr(lazy_json) == "<lazy module 'json', loaded>"
