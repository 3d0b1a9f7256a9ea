"""``lectern analyze`` and the command line's contract: output shape, errors, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.headless.analyze import run_analyze

ROOT = Path(__file__).resolve().parent.parent


def _analyze_json(paths: list[str], **kwargs) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_analyze(paths, as_json=True, workers=1, out=out, err=err, **kwargs)
    return rc, json.loads(out.getvalue()), err.getvalue()


def test_analyze_json_schema_on_seeds(seeds_dir: Path) -> None:
    rc, docs, err = _analyze_json([str(seeds_dir)], sentences=True, top=5)
    assert rc == 0 and err == ""
    assert len(docs) == 1
    doc = docs[0]
    assert set(doc) == {
        "path",
        "title",
        "sha256",
        "encoding",
        "format",
        "stats",
        "sentiment",
        "keywords",
        "phrases",
        "outline",
        "sentences",
    }
    assert all(set(entry) == {"title", "start", "level"} for entry in doc["outline"])
    assert doc["path"].endswith(".txt") and len(doc["sha256"]) == 64
    assert doc["stats"]["sentences"] == len(doc["sentences"]) >= 10
    assert doc["stats"]["paragraphs"] == 10
    assert set(doc["sentiment"]) == {"compound", "pos", "neu", "neg", "label"}
    assert doc["sentiment"]["label"] in {"positive", "negative", "neutral"}
    assert (
        abs(doc["sentiment"]["pos"] + doc["sentiment"]["neu"] + doc["sentiment"]["neg"] - 1) < 0.01
    )
    assert 1 <= len(doc["keywords"]) <= 5
    assert all(set(k) == {"term", "score", "count"} for k in doc["keywords"])
    text = Path(doc["path"]).read_text(encoding="utf-8")
    for s in doc["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert -1 <= s["compound"] <= 1


def test_analyze_reports_failures_and_continues(tmp_path: Path, seeds_dir: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "nope.txt"
    rc, docs, err = _analyze_json([str(seeds_dir), str(binary), str(missing)])
    assert rc == 0
    assert len(docs) == 3
    assert "sentiment" in docs[0]
    assert docs[1]["error"]["kind"] == "binary"
    assert docs[2]["error"]["kind"] == "missing"
    assert "image.png" in err and "nope.txt" in err


def test_analyze_exit_1_when_nothing_loads(tmp_path: Path) -> None:
    rc, docs, _err = _analyze_json([str(tmp_path / "missing.txt")])
    assert rc == 1 and docs[0]["error"]["kind"] == "missing"


def test_analyze_table_output(seeds_dir: Path) -> None:
    out = io.StringIO()
    rc = run_analyze([str(seeds_dir)], workers=1, out=out, err=io.StringIO())
    lines = out.getvalue().splitlines()
    assert rc == 0 and lines[0].startswith("TITLE")
    assert "UNITED STATES President" in lines[1]


def test_usage_errors_exit_2(capsys) -> None:
    try:
        main(["analyze", "--top", "x"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("argparse accepted a bad --top")
    assert main(["analyze", "--top", "-1"]) == 2


def test_version_and_help_run_as_console_script() -> None:
    exe = Path(sys.executable).parent / "lectern"
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("lectern ")
    helptext = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    assert "PATH" in helptext.stdout and "analyze" in helptext.stdout


def test_dashboard_with_only_missing_paths_exits_2(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "lectern"
    proc = subprocess.run(
        [str(exe), str(tmp_path / "absent.txt")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "absent.txt" in proc.stderr


@pytest.mark.parametrize("sentences", [False, True])
def test_analyze_process_pool_matches_single_process(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, sentences: bool
) -> None:
    """Enough documents for a pool: two workers give the JSON one process gives. Each run
    has its own empty cache, so both really analyse every document."""
    from analysis.pipeline import dashboard, headless, pool

    seed = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    count = pool.POOL_MIN_DOCUMENTS + 2
    for i in range(count):
        ending = "A wonderful, happy ending. " * i
        (docs / f"doc{i}.txt").write_text(f"{seed}\nAppendix {i}. {ending}\n", encoding="utf-8")
    pools: list[int] = []
    new_pool = pool.new_pool

    def counted_pool(workers: int, **kwargs):
        pools.append(workers)
        return new_pool(workers, **kwargs)

    for module in (headless, dashboard):
        monkeypatch.setattr(module, "new_pool", counted_pool)
    outputs = []
    for workers in (1, 2):
        monkeypatch.setenv("LECTERN_CACHE_DIR", str(tmp_path / f"cache-{workers}"))
        out = io.StringIO()
        rc = run_analyze(
            [str(docs)], as_json=True, sentences=sentences, workers=workers, out=out, err=out
        )
        assert rc == 0
        outputs.append(json.loads(out.getvalue()))
    assert pools == [2]  # the second run, and only it, analysed in a pool
    single, pooled = outputs
    assert [Path(d["path"]).name for d in single] == [f"doc{i}.txt" for i in range(count)]
    assert len({d["sentiment"]["compound"] for d in single}) == count  # each its own
    assert pooled == single


def test_readme_documents_every_key_and_command() -> None:
    from tui.keymap import KEYMAP

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for item in KEYMAP:
        keys = item.keys.replace("|", "\\|")
        assert f"| `{keys}` | {item.description} |" in readme, item
    for usage in ("make run", "make test", "lectern analyze", "lectern bookmarks export"):
        assert usage in readme


def test_count_documents_stops_at_the_limit_and_explains_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import count_documents

    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(10):
        (folder / f"{n}.txt").write_text(f"Document {n}.", encoding="utf-8")
    assert count_documents([str(folder)], up_to=4) == 4
    assert count_documents([str(folder / "1.txt"), str(folder / "2.txt")], up_to=4) == 2
    assert capsys.readouterr().err == ""
    assert count_documents([str(tmp_path / "absent.txt")], up_to=4) == 0
    assert "absent.txt" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert count_documents([str(empty)], up_to=4) == 0
    assert "no documents found" in capsys.readouterr().err
