"""``lectern kwic`` and ``lectern analyze --csv``: output shapes, offsets, sorting, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tui.cli import main
from tui.headless.analyze import run_analyze
from tui.headless.kwic import run_kwic

ROOT = Path(__file__).resolve().parent.parent

SEA = "The whale swam. A whale sang to the whales.\n\nNo whale here? Whales, whales!\n"
LAND = "Hills and the whale-road.\n"


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_sea.txt").write_text(SEA, encoding="utf-8")
    (folder / "b_land.txt").write_text(LAND, encoding="utf-8")
    return folder


def kwic(*args: str, **kwargs) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_kwic(*args, out=out, err=err, **kwargs)
    return rc, out.getvalue(), err.getvalue()


def test_json_shape_offsets_and_documents(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    rc, out, err = kwic("whale", [str(folder)], fmt="json", width=10)
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"query", "hits", "documents"} and data["query"] == "whale"
    assert [h["match"] for h in data["hits"]] == [
        "whale",
        "whale",
        "whales",
        "whale",
        "Whales",
        "whales",
    ]
    for h in data["hits"]:
        assert set(h) == {"path", "start", "end", "left", "match", "right"}
        text = Path(h["path"]).read_text(encoding="utf-8")
        assert text[h["start"] : h["end"]] == h["match"] and len(h["left"]) <= 10
    sea, land = data["documents"]
    assert set(sea) == {"path", "hits", "per_million", "dispersion"}
    assert sea["hits"] == 6 and sea["per_million"] == round(6 / 14 * 1e6, 2)
    assert 0 <= sea["dispersion"] <= 1
    assert land == {"path": land["path"], "hits": 0, "per_million": 0.0, "dispersion": None}


def test_sort_right_and_csv(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    rc, out, _ = kwic("whale", [str(folder / "a_sea.txt")], sort="right", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    starts = [i for i in range(len(SEA)) if SEA[i:].lower().startswith("whale")]
    # By the first word right: (none), here, no, sang, swam, whales.
    expected = [starts[i] for i in (5, 3, 2, 1, 0, 4)]
    assert rc == 0 and [int(r["start"]) for r in rows] == expected
    assert set(rows[0]) == {"title", "path", "start", "end", "left", "match", "right"}


def test_text_lines_regex_case_and_errors(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    rc, out, _ = kwic("Whale", [str(folder)], case=True, width=8)
    assert rc == 0 and out.splitlines() == ["e here?  Whales , whales"]
    rc, out, _ = kwic(r"whale-\w+", [str(folder)], regex=True)
    assert rc == 0 and "whale-road" in out
    rc, _, err = kwic("(", [str(folder)], regex=True)
    assert rc == 2 and "bad regular expression" in err
    rc, _, err = kwic("whale", [str(tmp_path / "missing.txt")])
    assert rc == 1 and "missing.txt" in err


def test_cli_entry_point_options_between_query_and_paths(tmp_path: Path, capsys) -> None:
    folder = corpus(tmp_path)
    assert main(["kwic", "whales", "--json", "--sort", "1R", str(folder)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["hits"]) == 6


def test_a_document_named_kwic_is_opened_as_dot_slash_kwic(tmp_path: Path) -> None:
    (tmp_path / "kwic").write_text("whale", encoding="utf-8")
    env = {**os.environ, "LECTERN_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "kwic", "whale", "./kwic", "--json"],
        capture_output=True, text=True, cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["hits"][0]["path"] == str(tmp_path / "kwic")


def test_analyze_csv_is_the_corpus_table(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    out = io.StringIO()
    assert run_analyze([str(folder)], as_csv=True, workers=1, out=out, err=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [Path(r["path"]).name for r in rows] == ["a_sea.txt", "b_land.txt"]
    assert set(rows[0]) == {
        "title", "path", "words", "sentences", "compound", "label", "keywords", "distinguishing",
    }  # fmt: skip
    assert rows[0]["words"] == "14" and "whale" in rows[0]["distinguishing"]
