"""The dashboard screen's parts that need no screen: the shelf of loaded documents, the
batched hand-over of pipeline events, the sentences check and the status counts."""

from __future__ import annotations

from pathlib import Path

from analysis.model import LoadFailure
from analysis.pipeline import Event, Failed
from tests.tui.held_feed import HeldFeed, Stages
from tui.readiness import Need, sentences_lack
from tui.screens.loading import Shelf, hand_over, progress_parts


def test_the_shelf_keeps_each_stage_and_ignores_sentences_after_the_analysis(
    corpus: Path,
) -> None:
    seed = Stages(corpus / "a_seed.txt")
    shelf = Shelf()
    assert not shelf.take(seed.split)  # sentences of a document not loaded yet
    assert shelf.take(seed.loaded)
    path = seed.document.path
    assert shelf.order == [path] and not shelf.documents[path].sentences
    assert shelf.take(seed.split)
    assert shelf.documents[path].sentences
    assert shelf.take(seed.analysed)
    assert shelf.analyses[path] is seed.analysis and shelf.slot(path) is not None
    assert not shelf.take(seed.split)  # late: the analysed document has them
    assert shelf.documents[path] is seed.analysis.document


def test_a_failed_analysis_of_a_loaded_document_leaves_it_unsplit(corpus: Path) -> None:
    seed = Stages(corpus / "a_seed.txt")
    shelf = Shelf()
    shelf.take(seed.loaded)
    failure = LoadFailure(seed.document.path, "io-error", "could not be analysed")
    other = LoadFailure(str(corpus / "d_image.png"), "binary", "binary file")
    assert shelf.take(Failed(failure)) and shelf.take(Failed(other))
    assert shelf.unsplit == {seed.document.path}
    assert shelf.failures == [failure, other]
    lack = sentences_lack(seed.document, analysed=False, unsplit=True, loading_done=False)
    assert lack is not None and lack.final and lack.need is Need.SENTENCES


def test_sentences_lack_says_whether_waiting_helps(corpus: Path) -> None:
    seed = Stages(corpus / "a_seed.txt")
    waiting = sentences_lack(seed.document, analysed=False, unsplit=False, loading_done=False)
    assert waiting is not None and not waiting.final
    assert (
        sentences_lack(seed.split.document, analysed=False, unsplit=False, loading_done=False)
        is None
    )
    none_open = sentences_lack(None, analysed=False, unsplit=False, loading_done=True)
    assert none_open is not None and none_open.final


def test_hand_over_sends_every_event_then_reports_the_end(corpus: Path) -> None:
    stages = [Stages(corpus / name) for name in ("a_seed.txt", "b_happy.md")]
    feed = HeldFeed()
    events: list[Event] = [e for s in stages for e in (s.loaded, s.split, s.analysed)]
    feed.release(*events)
    feed.finish()
    batches: list[list[Event]] = []
    assert hand_over(feed, batches.append, lambda: False)  # type: ignore[arg-type]
    assert [e for batch in batches for e in batch] == events
    # The first event and the first sentences go at once, each on its own.
    assert batches[:2] == [[events[0]], [events[1]]]


def test_hand_over_stops_and_cancels_the_feed_when_cancelled() -> None:
    feed = HeldFeed()
    delivered: list[list[Event]] = []
    assert not hand_over(feed, delivered.append, lambda: True)  # type: ignore[arg-type]
    assert feed.finished and not delivered


def test_progress_parts() -> None:
    assert progress_parts(3, 1, 0, loading_done=False, held=None)[:2] == [
        "1/3 analysed",
        "loading…",
    ]
    assert progress_parts(1, 1, 2, loading_done=True, held="2 keys waiting") == [
        "1 document",
        "2 failed",
        "2 keys waiting",
    ]
