"""Heavy libraries loaded when first used, not when the web process starts (docs/decisions/0057).

scikit-learn, SciPy's statistics and optimisation, and openpyxl together add about 110 MiB to each
web process, but only a few requests use them (a trained classifier, batch dispatch, incident
detection, an asset's forecast, an XLSX export). A module imports them as

    if TYPE_CHECKING:
        from scipy import stats
    else:
        stats = lazy_import("scipy.stats")

and `stats.poisson` imports SciPy's statistics the first time it is read, in whichever process reads it.
"""

import importlib
from types import ModuleType
from typing import Any


class _LazyModule:
    """Stands for a module until an attribute is read, then for the module itself."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)  # import's own lock makes it once
        return getattr(self._module, attribute)

    def __repr__(self) -> str:
        state = "loaded" if self._module is not None else "not loaded yet"
        return f"<lazy module {self._name!r}, {state}>"


def lazy_import(name: str) -> Any:
    """The module NAME, imported when one of its attributes is first read."""
    return _LazyModule(name)
