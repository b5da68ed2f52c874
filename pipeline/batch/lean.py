"""pyarrow without its optional numpy and pandas, for processes that only write Python lists
to Parquet (the `jixiao run` driver, the pool's workers)."""
from __future__ import annotations

import sys


def lean_pyarrow() -> None:
    """Import pyarrow for writing Python lists to Parquet, without numpy and pandas.

    pyarrow imports numpy when it loads (0.1 s) and, on its first pa.array(), pandas, only to
    ask whether the input is a pandas object (0.4 s): together more than a one-page report's
    whole run. Both are optional to pyarrow, and the run hands it only Python lists, so in a
    run's own processes (which exit after the run) they are hidden while pyarrow loads and
    settles its pandas probe. numpy itself stays importable (OCR uses it); anything that
    needs pandas through pyarrow imports it as usual. cloudpickle (there for Dask) is hidden
    too: pyarrow takes it over the standard pickle when present, for pickling its own Python
    extension types, which the run never does (13 ms of import). A pyarrow that cannot load
    without numpy is imported the ordinary way."""
    if "pandas" in sys.modules:
        return
    hidden = ("pandas", "cloudpickle") if "pyarrow" in sys.modules or "numpy" in sys.modules \
        else ("numpy", "pandas", "cloudpickle")

    class Hidden:  # a meta path finder that refuses those modules while installed
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name.partition(".")[0] in hidden:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Hidden)
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401 - loaded here, under the same conditions

        pa.array([], type=pa.null())
    except ImportError:
        for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
            del sys.modules[name]
    finally:
        sys.meta_path.remove(Hidden)
