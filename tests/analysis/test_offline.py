"""Lectern analyses documents with no network and no nltk_data: a full analysis runs in a
fresh process whose sockets and ``nltk.download`` raise, with an empty NLTK_DATA and HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import resources

ROOT = Path(__file__).resolve().parents[2]

_OFFLINE_RUN = r"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

import nltk, nltk.downloader

def no_download(*args, **kwargs):
    raise RuntimeError("nltk.download called")

nltk.download = no_download
nltk.downloader.download = no_download
nltk.downloader.Downloader.download = no_download

from analysis import resources
from analysis.sentences import split_sentences
from analysis.sentiment import summarize_sentiment

path = sys.argv[1]
try:
    from analysis.loader import load_document
except ImportError:  # the loader is not there yet: one paragraph per line
    import re
    from analysis.model import Document, SpanArray
    text = open(path, encoding="utf-8").read()
    paragraphs = SpanArray(m.span() for m in re.finditer(r"[^\n]+", text))
    sentences, owner = split_sentences(text, paragraphs)
    doc = Document(path, "seed", text, "0" * 64, paragraphs, sentences, owner)
else:
    doc = load_document(path)

spans, owner = split_sentences(doc.text, doc.paragraphs)
summary = summarize_sentiment(doc)
try:
    from analysis.corpus import analyze_document
except ImportError:
    analysis = None
else:
    analysis = analyze_document(doc)
    assert analysis.sentiment == summary

print(json.dumps({
    "sentences": len(spans),
    "same_as_loader": list(spans) == list(doc.sentences),
    "document": list(summary.document),
    "arc": len(summary.arc),
    "stopwords": len(resources.stopwords()),
    "report": resources.resource_report(),
    "full_analysis": analysis is not None,
}))
"""


def test_full_analysis_runs_offline(tmp_path: Path, seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    home = tmp_path / "home"
    empty = tmp_path / "nltk_data"
    home.mkdir()
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "PYTHON"))}
    env.update(HOME=str(home), NLTK_DATA=str(empty), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _OFFLINE_RUN, str(seed)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert result["sentences"] == result["arc"] == 10
    assert result["same_as_loader"]
    assert result["stopwords"] > 150
    assert result["report"]["punkt"] == "untrained Punkt"
    assert result["report"]["vader_lexicon"].startswith("vaderSentiment: ")
    assert result["report"]["stopwords"].startswith("built-in: ")
    assert -1 <= result["document"][3] <= 1
    # Nothing was written to the empty nltk_data or the home folder.
    assert list(empty.iterdir()) == [] and list(home.iterdir()) == []


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):
    import nltk.data

    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    resources.reload_resources()
    yield
    resources.reload_resources()


def _user_stopwords(root: Path) -> Path:
    folder = root / "corpora" / "stopwords"
    folder.mkdir(parents=True)
    (folder / "english").write_text("alpha\nbeta\ngamma\n", encoding="utf-8")
    return root


def test_user_stopwords_are_used(fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _user_stopwords(tmp_path / "nltk_data")
    monkeypatch.setenv("NLTK_DATA", str(root))
    assert resources.stopwords() == frozenset({"alpha", "beta", "gamma"})
    assert resources.resource_report()["stopwords"].startswith(f"nltk_data: {root}")


def test_group_writable_nltk_data_is_refused_without_crashing(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _user_stopwords(tmp_path / "nltk_data")
    root.chmod(0o775)
    monkeypatch.setenv("NLTK_DATA", str(root))
    words = resources.stopwords()
    assert "alpha" not in words and "the" in words
    report = resources.resource_report()
    assert report["stopwords"].startswith("built-in: ")
    assert "chmod go-w" in report["notes"]
