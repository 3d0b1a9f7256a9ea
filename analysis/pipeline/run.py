"""Load and analyse a set of inputs as a stream of events, for the CLI and the dashboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import LoadFailure
from analysis.pipeline.dashboard import DashboardRun, open_cache
from analysis.pipeline.events import Event
from analysis.pipeline.headless import run_headless
from analysis.pipeline.pool import POOL_MIN_DOCUMENTS

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def run_pipeline(
    inputs: Sequence[str],
    *,
    max_bytes: int | None = None,
    workers: int = 1,
    cancelled: Callable[[], bool] = lambda: False,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    texts: bool = True,
    pool: ProcessPoolExecutor | None = None,
    before_cache: Callable[[], object] | None = None,
    early_sentences: bool = False,
) -> Iterator[Event]:
    """Yield events for every input.

    ``texts`` (the dashboard): ``Loaded`` as soon as a text is read, then ``Analysed`` (or
    ``Failed``); with ``early_sentences`` also ``Split`` in between for documents analysed
    in this thread. ``pool``: the caller's pool, which then reads the documents after the
    first; ``before_cache`` is called after the first ``Loaded``, before the cache opens.
    Without ``texts`` (``lectern analyze``): ``Analysed``/``Failed`` in input order, each
    document without its text. ``cancelled`` is polled between documents.
    """
    from analysis.load.files import DEFAULT_MAX_BYTES, expand_inputs

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    expanded: list[Path | LoadFailure] = list(expand_inputs(inputs))
    n_files = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    pool_workers = workers if workers > 1 and n_files >= POOL_MIN_DOCUMENTS else 0
    cache_root: str | None = None
    if use_cache:
        from analysis.cache.dirs import default_cache_dir

        cache_root = str(cache_dir or default_cache_dir())
    if texts:
        run = DashboardRun(
            expanded,
            limit,
            pool_workers,
            cancelled,
            cache_root,
            read_pool=pool,
            before_cache=before_cache,
            early_sentences=early_sentences,
        )
        yield from run.events()
    else:
        open_cache(cache_root)
        yield from run_headless(expanded, limit, pool_workers, cancelled, cache_root)
