"""BookmarkStore behaviour: CRUD, queries, positions, re-anchoring, relocation, export/import."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from tui.store import (
    ANCHORED,
    MOVED,
    ORPHANED,
    SCHEMA_VERSION,
    Bookmark,
    BookmarkNotFound,
    BookmarkStore,
    StoreError,
    default_db_path,
    resolve_db_path,
)
from tui.store.records import RecordError, matches_query, normalise_tags

TEXT = (
    "Call me Ishmael. Some years ago, never mind how long precisely, having little or no "
    "money in my purse, and nothing particular to interest me on shore, I thought I would "
    "sail about a little and see the watery part of the world. It is a way I have of driving "
    "off the spleen and regulating the circulation."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bookmarks.json"


@pytest.fixture
def store(db: Path) -> BookmarkStore:
    return BookmarkStore.open(db)


def add(store: BookmarkStore, passage: str, *, path: str = "/books/moby.txt", **kw) -> Bookmark:
    text = kw.pop("text", TEXT)
    start, end = span(text, passage)
    title = kw.pop("title", "Moby-Dick")
    return store.add(path, title, text, sha(text), start, end, **kw)


# -- paths ---------------------------------------------------------------------------------


def test_db_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LECTERN_DB", str(tmp_path / "env.json"))
    assert resolve_db_path(tmp_path / "flag.json") == tmp_path / "flag.json"
    assert resolve_db_path(None) == tmp_path / "env.json"
    monkeypatch.delenv("LECTERN_DB")
    assert resolve_db_path(None) == default_db_path()
    assert default_db_path().name == "bookmarks.json"
    assert "lectern" in default_db_path().parts


def test_open_without_a_path_uses_lectern_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("LECTERN_DB", str(tmp_path / "via-env.json"))
    store = BookmarkStore.open()
    add(store, "Call me Ishmael.")
    assert (tmp_path / "via-env.json").is_file()


def test_files_and_folders_are_private(store: BookmarkStore, db: Path) -> None:
    add(store, "Call me Ishmael.")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600


def test_files_are_private_even_with_a_permissive_umask(db: Path) -> None:
    old = os.umask(0)
    try:
        add(BookmarkStore.open(db), "Call me Ishmael.")
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


# -- adding and reading --------------------------------------------------------------------


def test_add_stores_every_field_durably(store: BookmarkStore, db: Path) -> None:
    bookmark = add(store, "Call me Ishmael.", note="first line\nsecond", tags=["Opening", "sea"])
    assert len(bookmark.id) == 32 and int(bookmark.id, 16) >= 0
    assert (bookmark.start, bookmark.end, bookmark.quote) == (0, 16, "Call me Ishmael.")
    assert bookmark.anchor.prefix == ""
    assert bookmark.anchor.suffix == TEXT[16:48]
    assert bookmark.state == ANCHORED
    assert bookmark.created == bookmark.updated and bookmark.created.endswith("+00:00")
    # A second, independent store sees exactly the same bookmark from the file.
    assert BookmarkStore.open(db).get(bookmark.id) == bookmark
    raw = json.loads(db.read_text())
    assert list(raw["meta"].values()) == [{"schema_version": SCHEMA_VERSION}]
    (record,) = raw["bookmarks"].values()
    assert record["position"] == {"start": 0, "end": 16}
    assert record["quote"]["exact"] == "Call me Ishmael."
    assert record["tags"] == ["Opening", "sea"]


def test_add_rejects_an_empty_or_out_of_range_passage(store: BookmarkStore) -> None:
    with pytest.raises(ValueError):
        store.add("/x", "x", TEXT, sha(TEXT), 5, 5)
    with pytest.raises(ValueError):
        store.add("/x", "x", TEXT, sha(TEXT), 0, len(TEXT) + 1)
    assert store.list() == []


def test_tags_are_stripped_and_deduplicated_case_insensitively() -> None:
    assert normalise_tags([" Sea ", "sea", "#Whales", "", "  ", "SEA", "whales", "big  fish"]) == (
        "Sea",
        "Whales",
        "big fish",
    )


def test_update_changes_note_and_tags_only(store: BookmarkStore, db: Path) -> None:
    bookmark = add(store, "Call me Ishmael.", note="old", tags=["a"])
    updated = store.update(bookmark.id, note="new\nnote")
    assert updated.note == "new\nnote" and updated.tags == ("a",)
    assert updated.updated >= bookmark.updated and updated.created == bookmark.created
    retagged = store.update(bookmark.id, tags=["b", "B", "c"])
    assert retagged.note == "new\nnote" and retagged.tags == ("b", "c")
    assert BookmarkStore.open(db).get(bookmark.id) == retagged


def test_update_or_delete_of_an_unknown_id(store: BookmarkStore) -> None:
    with pytest.raises(BookmarkNotFound):
        store.update("nope", note="x")
    with pytest.raises(BookmarkNotFound):
        store.delete("nope")
    assert store.get("nope") is None


def test_delete_and_restore_keep_the_id(store: BookmarkStore, db: Path) -> None:
    keep = add(store, "Call me Ishmael.")
    gone = add(store, "the watery part of the world", note="n", tags=["t"])
    deleted = store.delete(gone.id)
    assert deleted == gone
    assert [b.id for b in BookmarkStore.open(db).list()] == [keep.id]
    store.restore(deleted)
    assert BookmarkStore.open(db).get(gone.id) == gone
    assert {b.id for b in store.list()} == {keep.id, gone.id}


def test_list_filters_by_document_query_and_tag(store: BookmarkStore) -> None:
    a = add(store, "Call me Ishmael.", note="The narrator", tags=["names"])
    b = add(store, "the watery part of the world", tags=["sea", "Travel"])
    other_text = "Whales are mammals. The sea is deep."
    c = add(store, "The sea is deep.", path="/books/facts.txt", title="Facts", text=other_text)
    assert store.list("/books/moby.txt") == [a, b]
    assert store.list("/books/facts.txt") == [c]
    assert store.list(query="SEA") == [c, b]  # quote of c, tag of b (Facts sorts first)
    assert store.list(query="#sea") == [b]  # tags only
    assert store.list(query="#tra") == [b]  # tag prefix
    assert store.list(query="narrator") == [a]  # note
    assert store.list(query="facts") == [c]  # title
    assert store.list(query="#names ishmael") == [a]  # every word must match
    assert store.list(query="#names watery") == []
    assert store.list(query="   ") == [c, a, b]


def test_list_sorts_by_position_or_newest_first(
    store: BookmarkStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    times = iter(["2025-01-01T00:00:00.000+00:00", "2025-01-02T00:00:00.000+00:00"])
    monkeypatch.setattr("tui.store.bookmarks.utc_now", lambda: next(times))
    late = add(store, "the watery part of the world")  # later in the text, added first
    early = add(store, "Call me Ishmael.")
    assert store.list(sort="position") == [early, late]
    assert store.list(sort="date") == [early, late]  # newest first
    with pytest.raises(ValueError):
        store.list(sort="size")


def test_matches_query_on_a_bookmark() -> None:
    bookmark = Bookmark("id", "/p", "Title", "s", anchor=_anchor("Quote"), note="Note", tags=("X",))
    assert matches_query(bookmark, "quote note title x")
    assert not matches_query(bookmark, "#quote")
    assert matches_query(bookmark, "#")  # someone is about to type a tag


def _anchor(exact: str):
    from tui.store.anchoring import Anchor

    return Anchor(0, len(exact), exact, "", "")


def test_record_round_trip_and_validation() -> None:
    bookmark = Bookmark("id1", "/p", "T", "s", _anchor("q"), "n", ("a",), "c", "u", MOVED)
    assert Bookmark.from_record(bookmark.to_record()) == bookmark
    broken = bookmark.to_record()
    broken["position"]["start"] = True
    with pytest.raises(RecordError):
        Bookmark.from_record(broken)
    broken = bookmark.to_record()
    broken["state"] = "lost"
    with pytest.raises(RecordError):
        Bookmark.from_record(broken)
    with pytest.raises(RecordError):
        Bookmark.from_record([1, 2])


# -- reading positions ---------------------------------------------------------------------


def test_positions_are_saved_per_document(store: BookmarkStore, db: Path) -> None:
    assert store.get_position("/books/moby.txt") is None
    store.set_position("/books/moby.txt", 3, "abc")
    store.set_position("/books/other.txt", 9, "def")
    store.set_position("/books/moby.txt", 5, "abc")
    other = BookmarkStore.open(db)
    assert other.get_position("/books/moby.txt") == (5, "abc")
    assert other.get_position("/books/other.txt") == (9, "def")
    assert len(json.loads(db.read_text())["positions"]) == 2


def test_unchanged_position_is_not_written_again(store: BookmarkStore, db: Path) -> None:
    store.set_position("/a", 1, "s")
    before = db.stat().st_ino
    store.set_position("/a", 1, "s")
    assert db.stat().st_ino == before


# -- re-anchoring and relocation -----------------------------------------------------------


def test_reanchor_through_the_store(store: BookmarkStore, db: Path) -> None:
    moved = add(store, "the watery part of the world", note="kept")
    edited = add(store, "I thought I would sail about a little")
    deleted = add(store, "regulating the circulation")
    new_text = "CHAPTER 1. Loomings.\n\n" + TEXT.replace(
        "I thought I would sail", "I thought I should sail"
    ).replace(" and regulating the circulation", "")
    changed = store.reanchor("/books/moby.txt", new_text, sha(new_text))
    by_id = {b.id: b for b in changed}
    assert set(by_id) == {moved.id, edited.id, deleted.id}
    m = by_id[moved.id]
    assert m.state == MOVED and new_text[m.start : m.end] == "the watery part of the world"
    assert m.note == "kept" and m.quote == moved.quote and m.sha256 == sha(new_text)
    e = by_id[edited.id]
    assert (
        e.state == MOVED and new_text[e.start : e.end] == "I thought I should sail about a little"
    )
    assert by_id[deleted.id].state == ORPHANED
    # Saved, and not redone for the same text.
    assert {b.id: b for b in BookmarkStore.open(db).list()} == by_id
    assert store.reanchor("/books/moby.txt", new_text, sha(new_text)) == []


def test_reanchor_leaves_other_documents_alone(store: BookmarkStore) -> None:
    mine = add(store, "Call me Ishmael.")
    other = add(store, "Call me Ishmael.", path="/books/copy.txt")
    new_text = "Preface. " + TEXT
    (changed,) = store.reanchor("/books/moby.txt", new_text, sha(new_text))
    assert changed.id == mine.id
    assert store.get(other.id) == other


def test_relocate_by_content_hash(store: BookmarkStore, tmp_path: Path) -> None:
    kept_file = tmp_path / "still-here.txt"
    kept_file.write_text(TEXT)
    lost = add(store, "Call me Ishmael.", path=str(tmp_path / "gone.txt"))
    present = add(store, "Call me Ishmael.", path=str(kept_file))
    different = add(store, "Whales", path=str(tmp_path / "gone2.txt"), text="Whales.")
    new_path = str(tmp_path / "renamed.txt")
    relocated = store.relocate([(new_path, sha(TEXT)), ("/elsewhere.txt", sha(TEXT))])
    assert [b.id for b in relocated] == [lost.id]
    assert store.get(lost.id).path == new_path
    assert store.get(present.id).path == str(kept_file)  # file exists: left alone
    assert store.get(different.id).path == str(tmp_path / "gone2.txt")  # no matching text
    assert store.relocate([(new_path, sha(TEXT))]) == []


# -- export and import ---------------------------------------------------------------------


def test_export_json_import_round_trip_is_exact(store: BookmarkStore, tmp_path: Path) -> None:
    add(store, "Call me Ishmael.", note="line 1\nline 2 ünïcödé \U0001f40b", tags=["a", "B"])
    add(store, "the watery part of the world")
    other_text = "Whales are mammals."
    add(store, "Whales", path="/facts.txt", title="Facts", text=other_text)
    store.reanchor("/books/moby.txt", "x" + TEXT, sha("x" + TEXT))
    exported = store.export_json()
    payload = json.loads(exported)
    assert payload["format"] == "lectern-bookmarks"
    assert payload["schema_version"] == SCHEMA_VERSION
    fresh = BookmarkStore.open(tmp_path / "other.json")
    assert fresh.import_json(exported) == (3, 0)
    assert fresh.list() == store.list()
    assert fresh.import_json(exported) == (0, 3)  # duplicates (same id) skipped
    assert len(fresh.list()) == 3
    assert json.loads(fresh.export_json())["bookmarks"] == payload["bookmarks"]


def test_import_keeps_the_existing_bookmark_on_an_id_clash(store: BookmarkStore) -> None:
    mine = add(store, "Call me Ishmael.", note="mine")
    payload = json.loads(store.export_json())
    payload["bookmarks"][0]["note"] = "theirs"
    assert store.import_json(json.dumps(payload)) == (0, 1)
    assert store.get(mine.id).note == "mine"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"format": "something-else", "schema_version": 1, "bookmarks": []}',
        '{"format": "lectern-bookmarks", "schema_version": 99, "bookmarks": []}',
        '{"format": "lectern-bookmarks", "schema_version": 1, "bookmarks": [{"id": 1}]}',
    ],
)
def test_import_rejects_bad_files_and_imports_nothing(store: BookmarkStore, text: str) -> None:
    with pytest.raises(StoreError, match="Cannot import"):
        store.import_json(text)
    assert store.list() == []


def test_export_markdown_groups_by_document(store: BookmarkStore) -> None:
    add(store, "the watery part of the world", note="Note one\nand more", tags=["sea", "x"])
    add(store, "Call me Ishmael.")
    add(store, "Whales", path="/facts.txt", title="Facts\x1b[31m", text="Whales.\n")
    store.reanchor("/facts.txt", "Nothing here.", sha("Nothing here."))
    md = store.export_markdown()
    assert md.startswith("# Lectern bookmarks\n")
    assert "3 bookmarks in 2 documents" in md
    assert md.index("## Facts") < md.index("## Moby-Dick")  # titles in order
    assert md.index("> Call me Ishmael.") < md.index("> the watery part of the world")
    assert "File: /books/moby.txt" in md
    assert "Note one\nand more" in md
    assert "Tags: #sea #x" in md
    assert "chars 0–16 · anchored" in md
    assert "⚠ orphaned" in md
    assert "\x1b" not in md


def test_markdown_block_quotes_every_line(store: BookmarkStore) -> None:
    text = "First line\nsecond line\n\nthird"
    add(store, text, path="/p.txt", title="P", text=text)
    assert "> First line\n> second line\n>\n> third" in store.export_markdown()
