"""``lectern bookmarks list|export|import`` through a local argparse parser."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tui.headless import bookmarks as bookmarks_cli
from tui.store import BookmarkStore

TEXT = "A first sentence. A second one, with [bold]markup[/bold] in it.\nA third."


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lectern")
    bookmarks_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["bookmarks", *argv])


def call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = bookmarks_cli.run(parse(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore.open(path)
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    store.add(
        "/docs/a.txt", "Doc \x1b]0;evil\x07A", TEXT, sha, 18, 63, note="Note\nline 2", tags=["t1"]
    )
    store.add("/docs/a.txt", "Doc A", TEXT, sha, 0, 17)
    return path


def test_list_prints_each_bookmark_safely(db: Path) -> None:
    code, out, err = call(["list", "--db", str(db)])
    assert code == 0 and err == ""
    assert "A first sentence." in out
    assert "[bold]markup[/bold]" in out  # shown literally, never interpreted
    assert "chars 18–63 · anchored" in out
    assert "Note  #t1" in out  # first line of the note, then tags
    assert "line 2" not in out
    assert "\x1b" not in out and "\x07" not in out


def test_list_json_is_the_export_format(db: Path) -> None:
    code, out, _ = call(["list", "--json", "--db", str(db)])
    assert code == 0
    payload = json.loads(out)
    assert payload["format"] == "lectern-bookmarks"
    assert len(payload["bookmarks"]) == 2
    assert out.isascii()


def test_list_of_an_empty_store(tmp_path: Path) -> None:
    assert call(["list", "--db", str(tmp_path / "none.json")]) == (0, "No bookmarks.\n", "")


def test_db_defaults_to_lectern_db(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LECTERN_DB", str(db))
    code, out, _ = call(["list"])
    assert code == 0 and "A first sentence." in out


def test_export_markdown_to_stdout_and_json_to_a_private_file(db: Path, tmp_path: Path) -> None:
    code, out, _ = call(["export", "--format", "md", "--db", str(db)])
    assert code == 0 and out.startswith("# Lectern bookmarks")
    target = tmp_path / "out.json"
    code, out, err = call(["export", "--format", "json", "-o", str(target), "--db", str(db)])
    assert code == 0 and out == ""
    assert "Exported 2 bookmarks" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["bookmarks"]) == 2


def test_export_to_an_unwritable_place_fails_cleanly(db: Path, tmp_path: Path) -> None:
    code, _, err = call(["export", "-o", str(tmp_path / "no" / "such" / "dir.md"), "--db", str(db)])
    assert code == 1 and "could not use" in err


def test_import_round_trip_and_duplicates(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    assert call(["export", "--format", "json", "-o", str(exported), "--db", str(db)])[0] == 0
    other = tmp_path / "other.json"
    code, out, _ = call(["import", str(exported), "--db", str(other)])
    assert (code, out) == (0, "Imported 2 bookmarks.\n")
    assert BookmarkStore.open(other).list() == BookmarkStore.open(db).list()
    code, out, _ = call(["import", str(exported), "--db", str(other)])
    assert (code, out) == (0, "Imported 0 bookmarks; skipped 2 already present (same id).\n")


@pytest.mark.parametrize("content", [b"not json", b"\xff\xfe", b'{"format": "other"}'])
def test_import_of_a_bad_file_fails(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = call(["import", str(bad), "--db", str(tmp_path / "db.json")])
    assert code == 1 and out == "" and err.startswith("lectern bookmarks: ")


def test_import_of_a_missing_file_fails(tmp_path: Path) -> None:
    code, _, err = call(["import", str(tmp_path / "missing.json"), "--db", str(tmp_path / "d")])
    assert code == 1 and "missing.json" in err


def test_store_problems_go_to_stderr(tmp_path: Path) -> None:
    damaged = tmp_path / "bookmarks.json"
    damaged.write_bytes(b"garbage")
    code, out, err = call(["list", "--db", str(damaged)])
    assert code == 0 and out == "No bookmarks.\n"
    assert "damaged" in err


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as caught:
        parse(["frobnicate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        parse(["export", "--format", "pdf"])
    assert caught.value.code == 2
    assert bookmarks_cli.run(argparse.Namespace(bookmarks_action=None)) == 2


def test_runs_as_a_module_without_importing_textual(db: Path) -> None:
    code = (
        "import sys; from tui.headless import bookmarks as bookmarks_cli;"
        "rc = bookmarks_cli.main(sys.argv[1:]); "
        "assert 'textual' not in sys.modules, 'textual imported'; raise SystemExit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "list", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "A first sentence." in done.stdout
