"""Property tests for the store: any text survives, any sequence of edits is what a reopened
store shows, and unsaved bookmarks follow re-anchoring and relocation in memory."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.store import MEMORY_ONLY, BookmarkStore, StoreError

# Any code point, lone surrogates and control characters included.
any_text = st.text(st.characters(blacklist_categories=()), max_size=40)
TEXT = "One sentence here. Another sentence there. A third one at the end."
SHA = hashlib.sha256(TEXT.encode()).hexdigest()

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(note=any_text, title=any_text, path=any_text, tags=st.lists(any_text, max_size=4))
def test_any_text_round_trips_through_the_file_and_exports(
    tmp_path_factory: pytest.TempPathFactory, note: str, title: str, path: str, tags: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    store = BookmarkStore.open(folder / "a.json")
    bookmark = store.add(path, title, TEXT, SHA, 4, 30, note=note, tags=tags)
    assert BookmarkStore.open(folder / "a.json").list() == [bookmark]
    fresh = BookmarkStore.open(folder / "b.json")
    assert fresh.import_json(store.export_json()) == (1, 0)
    assert fresh.list() == [bookmark]
    markdown = store.export_markdown()
    assert "\x1b" not in markdown and "\x00" not in markdown
    markdown.encode("utf-8")  # no lone surrogates left


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 60), any_text),
        st.tuples(st.just("update"), st.integers(0, 20), any_text),
        st.tuples(st.just("delete"), st.integers(0, 20), st.just("")),
        st.tuples(st.just("undo"), st.just(0), st.just("")),
    ),
    max_size=12,
)


@SETTINGS
@given(ops=operations)
def test_any_sequence_of_edits_is_what_a_reopened_store_shows(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, str]]
) -> None:
    db = tmp_path_factory.mktemp("seq") / "bookmarks.json"
    store = BookmarkStore.open(db)
    model: dict[str, tuple[str, int]] = {}  # id -> (note, start)
    order: list[str] = []
    deleted = []
    for kind, number, text in ops:
        if kind == "add":
            bookmark = store.add("/doc", "Doc", TEXT, SHA, number, number + 5, note=text)
            model[bookmark.id] = (text, number)
            order.append(bookmark.id)
        elif kind == "update" and order:
            target = order[number % len(order)]
            if target in model:
                store.update(target, note=text)
                model[target] = (text, model[target][1])
        elif kind == "delete" and order:
            target = order[number % len(order)]
            if target in model:
                deleted.append(store.delete(target))
                del model[target]
        elif kind == "undo" and deleted:
            restored = deleted.pop()
            store.restore(restored)
            model[restored.id] = (restored.note, restored.start)
    reopened = {b.id: (b.note, b.start) for b in BookmarkStore.open(db).list()}
    assert reopened == model


def test_unsaved_bookmarks_follow_reanchoring_and_relocation(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    store = BookmarkStore.open(tmp_path / "folder.json")
    assert store.mode == MEMORY_ONLY
    with pytest.raises(StoreError):
        store.add(str(tmp_path / "gone.txt"), "Doc", TEXT, SHA, 19, 42)
    new_text = "Preface. " + TEXT
    new_sha = hashlib.sha256(new_text.encode()).hexdigest()
    (moved,) = store.reanchor(str(tmp_path / "gone.txt"), new_text, new_sha)
    assert new_text[moved.start : moved.end] == "Another sentence there."
    assert store.pending == [moved]
    (relocated,) = store.relocate([("/new/place.txt", new_sha)])
    assert relocated.path == "/new/place.txt"
    assert store.list() == [relocated]
