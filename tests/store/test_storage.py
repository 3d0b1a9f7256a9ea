"""DurableJSONStorage: atomic replace, change detection and the per-document JSON cache."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from tui.store.storage import CorruptFileError, DurableJSONStorage


def open_db(path: Path) -> TinyDB:
    return TinyDB(str(path), storage=DurableJSONStorage)


def test_missing_and_empty_files_are_empty_databases(tmp_path: Path) -> None:
    storage = DurableJSONStorage(tmp_path / "db.json")
    assert storage.read() is None
    (tmp_path / "db.json").write_bytes(b"")
    assert storage.read() is None


def test_tinydb_round_trip_with_in_place_updates(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = open_db(path)
    table = db.table("t")
    ids = table.insert_multiple({"n": i, "tags": ["a"]} for i in range(5))
    table.update({"n": 100}, doc_ids=[ids[2]])  # TinyDB mutates the stored dict in place
    table.update(lambda doc: doc["tags"].append("b"), doc_ids=[ids[3]])  # nested, in place
    table.remove(doc_ids=[ids[0]])
    expected = {
        "2": {"n": 1, "tags": ["a"]},
        "3": {"n": 100, "tags": ["a"]},
        "4": {"n": 3, "tags": ["a", "b"]},
        "5": {"n": 4, "tags": ["a"]},
    }
    assert json.loads(path.read_text()) == {"t": expected}
    assert json.loads(path.read_text()) == {
        "t": {str(d.doc_id): dict(d) for d in open_db(path).table("t")}
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_file_is_ascii_with_one_document_per_line(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    open_db(path).table("t").insert_multiple([{"s": "ünï \U0001f40b \n"}, {"s": "b"}])
    raw = path.read_bytes()
    raw.decode("ascii")
    assert raw.splitlines()[1:3] == [
        b'"1":{"s":"\\u00fcn\\u00ef \\ud83d\\udc0b \\n"},',
        b'"2":{"s":"b"}',
    ]
    assert json.loads(raw)["t"]["1"]["s"] == "ünï \U0001f40b \n"


def test_unchanged_file_is_not_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = DurableJSONStorage(path)
    storage.write({"t": {"1": {"a": 1}}})
    generation = storage.generation
    first = storage.read()
    assert storage.read() is first
    assert storage.generation == generation


def test_change_by_another_writer_is_seen_even_at_the_same_size(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    mine = DurableJSONStorage(path)
    theirs = DurableJSONStorage(path)
    mine.write({"t": {"1": {"a": 1}}})
    assert mine.read() == {"t": {"1": {"a": 1}}}
    for value in range(2, 12):  # same size every time; inode numbers may be recycled
        theirs.write({"t": {"1": {"a": value}}})
        assert mine.read() == {"t": {"1": {"a": value}}}


def test_failed_write_forgets_what_tinydb_changed_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    db = open_db(path)
    db.table("t").insert({"a": 1})

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        db.table("t").insert({"a": 2})
    monkeypatch.undo()
    assert [dict(d) for d in db.table("t")] == [{"a": 1}]
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe\x00garbage", b"[]", b"42", b"null"])
def test_corrupt_content_raises(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError):
        DurableJSONStorage(path).read()


def test_read_only_storage_refuses_to_write(tmp_path: Path) -> None:
    storage = DurableJSONStorage(tmp_path / "db.json", read_only=True)
    with pytest.raises(PermissionError):
        storage.write({})
    assert not (tmp_path / "db.json").exists()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    versions=st.lists(
        st.dictionaries(
            st.sampled_from(["a", "b"]),
            st.dictionaries(st.integers(1, 6).map(str), st.dictionaries(st.text(), json_values)),
            max_size=2,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_property_file_always_equals_the_last_write(tmp_path_factory, versions) -> None:
    path = tmp_path_factory.mktemp("prop") / "db.json"
    storage = DurableJSONStorage(path)
    for data in versions:
        storage.write(data)
        assert json.loads(path.read_bytes()) == data
        assert DurableJSONStorage(path).read() == (data or {})
