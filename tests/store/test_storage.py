"""DurableJSONStorage: atomic replace, change detection and the per-document JSON cache."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
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


class CountingDict(dict):
    """A document that counts how often it is compared."""

    def __init__(self, **fields: object) -> None:
        super().__init__(**fields)
        self.comparisons = 0

    def __eq__(self, other: object) -> bool:
        self.comparisons += 1
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self.comparisons += 1
        return dict.__ne__(self, other)

    __hash__ = None  # type: ignore[assignment]


def test_replaced_only_write_knows_unchanged_documents_without_comparing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = DurableJSONStorage(path)
    table = {str(i): CountingDict(n=i) for i in range(1, 101)}
    storage.write({"t": table})
    for doc in table.values():
        doc.comparisons = 0
    table["7"] = CountingDict(n=700)  # replaced, not edited in place
    storage.write({"t": table}, replaced_only=True)
    assert [doc_id for doc_id, doc in table.items() if doc.comparisons] == ["7"]
    assert json.loads(path.read_bytes())["t"]["7"] == {"n": 700}
    assert len(json.loads(path.read_bytes())["t"]) == 100


def test_plain_write_still_sees_in_place_edits_of_written_documents(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = DurableJSONStorage(path)
    data = {"t": {"1": {"tags": ["a"]}, "2": {"n": 2}}}
    storage.write(data, replaced_only=True)
    data["t"]["1"]["tags"].append("b")  # what TinyDB's own updates do
    storage.write(data)
    assert json.loads(path.read_bytes()) == {"t": {"1": {"tags": ["a", "b"]}, "2": {"n": 2}}}


def test_replaced_only_write_after_another_writer_keeps_their_changes(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    mine, theirs = DurableJSONStorage(path), DurableJSONStorage(path)
    mine.write({"t": {"1": {"a": 1}, "2": {"a": 2}}}, replaced_only=True)
    theirs.write({"t": {"1": {"a": 10}, "2": {"a": 2}, "3": {"a": 3}}})
    tables = mine.read()
    assert tables is not None
    tables["t"]["2"] = {"a": 20}
    mine.write(tables, replaced_only=True)
    assert json.loads(path.read_bytes()) == {"t": {"1": {"a": 10}, "2": {"a": 20}, "3": {"a": 3}}}


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.booleans(), st.integers(1, 4).map(str), st.none() | st.integers(0, 3)),
        min_size=1,
        max_size=12,
    )
)
def test_property_two_writers_replacing_documents_never_lose_a_change(
    tmp_path_factory, steps
) -> None:
    path = tmp_path_factory.mktemp("writers") / "db.json"
    writers = (DurableJSONStorage(path), DurableJSONStorage(path))
    expected: dict[str, dict[str, int]] = {}
    for second, doc_id, value in steps:
        storage = writers[second]
        tables = storage.read() or {}
        table = tables.setdefault("t", {})
        if value is None:
            table.pop(doc_id, None)
            expected.pop(doc_id, None)
        else:
            table[doc_id] = {"v": value}
            expected[doc_id] = {"v": value}
        storage.write(tables, replaced_only=True)
        assert json.loads(path.read_bytes()) == {"t": expected}
        assert writers[not second].read() == {"t": expected}


def _handles_on_replaced_versions(path: Path) -> list[str]:
    targets = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            targets.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [t for t in targets if t.startswith(str(path)) and t.endswith("(deleted)")]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_replaced_versions_are_closed_soon_after_a_write(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    mine, theirs = DurableJSONStorage(path), DurableJSONStorage(path)
    for value in range(20):
        mine.write({"t": {"1": {"a": value}}})
        theirs.read()  # holds the version just written until the next one replaces it
    deadline = time.monotonic() + 5
    while _handles_on_replaced_versions(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _handles_on_replaced_versions(path) == []
    assert mine.read() == theirs.read() == {"t": {"1": {"a": 19}}}
