"""Small helpers shared by the benchmarks: alternating runs and medians."""

from __future__ import annotations

import statistics
from collections.abc import Callable


def alternate(cases: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Run every case once per round, ``runs`` rounds, so drift hits all cases alike."""
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            results[name].append(case())
    return results


def median(values: list[float]) -> float:
    return statistics.median(values)
