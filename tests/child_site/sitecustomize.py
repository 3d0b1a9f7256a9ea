"""Run at start-up by every Python process the tests start (tests/conftest.py puts this
folder on PYTHONPATH): CLI runs, pool workers and their fork server search NLTK data only
in ``NLTK_DATA``, as the test process does, never in system folders like
/usr/share/nltk_data that NLTK adds when ``nltk.data`` is imported."""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder


class _OnlyNltkDataVariable:
    """Finds nothing itself; lets ``nltk.data`` load, then trims its search path."""

    def find_spec(self, name, path=None, target=None):
        if name != "nltk.data":
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module) -> None:
            load(module)
            entries = os.environ.get("NLTK_DATA", "").split(os.pathsep)
            module.path[:] = [entry for entry in entries if entry]

        spec.loader.exec_module = exec_module  # this module's own loader object
        return spec


sys.meta_path.insert(0, _OnlyNltkDataVariable())
