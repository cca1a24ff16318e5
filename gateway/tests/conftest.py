"""Make `gateway` the real package for the tests below.

With `--import-mode=importlib`, pytest names this folder's modules `gateway.tests.…` (from the
repository root) and registers `gateway` as an empty namespace package (the `gateway/` folder)
before the first test module runs, which hides the installed `gateway` package.
"""

import importlib
import sys

if getattr(sys.modules.get("gateway"), "__file__", None) is None:
    placeholder = sys.modules.pop("gateway", None)
    real = importlib.import_module("gateway")
    if placeholder is not None and hasattr(placeholder, "tests"):
        real.tests = placeholder.tests  # type: ignore[attr-defined]
