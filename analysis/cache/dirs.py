"""Where the analysis cache lives.

A module of its own so the pipeline can name the folder (to hand it to the pool's
workers) without importing the cache itself — ``json``, ``hmac`` and the entry formats,
about 8 ms — before the dashboard's first frame.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """``$LECTERN_CACHE_DIR``, else the platform's user cache folder for ``lectern``."""
    env = os.environ.get("LECTERN_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("lectern"))
