"""Regression tests for bugs the reliability work found in analysis, export and pipeline code."""

from __future__ import annotations

import math
import os

from analysis.load.files import build_document
from analysis.nlp.corpus import analyze_document
from analysis.nlp.phrases import key_phrases


def test_a_document_repeating_one_word_gets_no_key_phrases_not_a_math_error() -> None:
    # analysis/keywords.py: NLTK's likelihood ratio gets a negative contingency cell for
    # the bigram (w, w) when w is the only word, and raises "math domain error"; the
    # pipeline then reports "could not be analysed" for the whole document.
    doc = build_document("/x.txt", "lantern " * 10)
    assert key_phrases(doc) == ()  # one word only: no likelihood ratio to rank by
    analysis = analyze_document(doc)
    assert analysis.stats.words == 10 and analysis.phrases == ()
    # A short document with the same kind of run still gets its phrases, that one too.
    text = "Lantern lantern lantern lantern lantern. Harbour master. Harbour master said."
    mixed = build_document("/y.txt", text + " Harbour master left.")
    phrases = {p.text: p.score for p in key_phrases(mixed)}
    assert {"harbour master", "lantern lantern lantern"} <= set(phrases)
    assert all(score > 0 for score in phrases.values())


def test_distinguishing_terms_when_one_document_holds_every_token() -> None:
    # analysis/keywords.py distinguishing_of: with an empty document beside one holding a
    # single term, n_i + a0 - y_i - alpha == 0 and the log-odds divide by zero.
    from analysis.nlp.corpus import Corpus

    corpus = Corpus()
    corpus.add(analyze_document(build_document("/a.txt", "")))
    corpus.add(analyze_document(build_document("/b.txt", "# Heading\n")))
    assert corpus.distinguishing(0) == ()  # the empty document has no terms
    heading = corpus.distinguishing(1)
    assert {k.term for k in heading} <= {"heading"}
    assert all(math.isfinite(k.score) and k.score > 0 for k in heading)
    # With a third document there are odds to compare, the empty one still present.
    corpus.add(analyze_document(build_document("/c.txt", "Harbour lights and harbour boats.\n")))
    assert [k.term for k in corpus.distinguishing(1)] == ["heading"]
    assert corpus.distinguishing(2)[0].term == "harbour"
    assert corpus.distinguishing(0) == ()


async def test_dashboard_markdown_export_is_owner_only(tmp_path, monkeypatch) -> None:
    # tui/bookmarks_controller.py export_markdown writes with Path.write_text, so the
    # export (private notes) gets the umask's mode (0o644 here), not 0o600 like the CLI's.
    import stat

    from tests.tui.app_harness import make_app, ready, wait_for

    doc = tmp_path / "doc.txt"
    doc.write_text("A sentence to keep. Another one.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        app = make_app([str(doc)], tmp_path / "store" / "bookmarks.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            app.dashboard.bookmarks.export_markdown()
            await wait_for(pilot, lambda: bool(list(tmp_path.glob("lectern-bookmarks-*.md"))))
            await pilot.pause(0.2)
    finally:
        os.umask(old)
    (export,) = tmp_path.glob("lectern-bookmarks-*.md")
    assert stat.S_IMODE(export.stat().st_mode) == 0o600


def test_cli_export_over_an_existing_file_is_owner_only(tmp_path) -> None:
    # tui/bookmarks_cli.py _write_private: os.open(O_CREAT|O_TRUNC, 0o600) keeps the mode
    # of a file that already exists, so exporting over a 0o644 file leaves notes readable.
    import stat
    from argparse import ArgumentParser

    from tui.headless import bookmarks as bookmarks_cli
    from tui.store import BookmarkStore

    db = tmp_path / "bookmarks.json"
    BookmarkStore.open(db).add("/d.txt", "D", "Some text here.", "sha", 0, 4, note="private")
    target = tmp_path / "export.md"
    target.write_text("old")
    target.chmod(0o644)
    parser = ArgumentParser()
    bookmarks_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bookmarks", "export", "--db", str(db), "-o", str(target)])
    assert bookmarks_cli.run(args) == 0
    assert "private" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_listed_file_replaced_by_an_empty_folder_is_reported(tmp_path, monkeypatch) -> None:
    from analysis.pipeline import Failed, run_pipeline
    from analysis.pipeline import run as pipeline

    doc = tmp_path / "doc.txt"
    doc.write_text("Text.\n", encoding="utf-8")
    real_expand = pipeline.__dict__.get("expand_inputs")
    from analysis.load import files as loader

    listed = list(loader.expand_inputs([str(doc)]))
    doc.unlink()
    doc.mkdir()  # an empty folder where the file was
    monkeypatch.setattr(loader, "expand_inputs", lambda inputs: iter(listed))
    events = list(run_pipeline([str(doc)], use_cache=False))
    assert real_expand is None
    assert len(events) == 1 and isinstance(events[0], Failed)
    assert "doc.txt" in events[0].failure.message


async def test_an_autosave_tick_while_the_app_closes_is_ignored(tmp_path, monkeypatch) -> None:
    # The 5 s position autosave fired during shutdown, after the reading pane was gone:
    # NoMatches('#reader') ended the program with a traceback (seen in a full test run).
    from textual.css.query import NoMatches

    from tests.tui.app_harness import make_app, ready
    from tui.screens.dashboard import DashboardScreen

    doc = tmp_path / "doc.txt"
    doc.write_text("A sentence to keep. Another one.\n", encoding="utf-8")
    app = make_app([str(doc)], tmp_path / "store" / "bookmarks.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        app.dashboard.bookmarks.cursor_moved()

        def gone(self) -> None:
            raise NoMatches("No nodes match '#reader'")

        monkeypatch.setattr(DashboardScreen, "reader", property(gone))
        app.dashboard.bookmarks.autosave_position()  # must not raise
