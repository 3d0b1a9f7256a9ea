"""Runs the stages for many inputs; the public API is re-exported here (docs/ARCHITECTURE.md)."""

from analysis.pipeline.dashboard import BIG_CHARS
from analysis.pipeline.events import Analysed, Event, Failed, Loaded, Split
from analysis.pipeline.pool import POOL_MIN_DOCUMENTS, default_workers, start_pool
from analysis.pipeline.run import run_pipeline

__all__ = [
    "BIG_CHARS",
    "POOL_MIN_DOCUMENTS",
    "Analysed",
    "Event",
    "Failed",
    "Loaded",
    "Split",
    "default_workers",
    "run_pipeline",
    "start_pool",
]
