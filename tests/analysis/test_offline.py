"""Lectern analyses documents with no network and no nltk_data: a full analysis runs in a
fresh process whose sockets and ``nltk.download`` raise, with an empty NLTK_DATA and HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.nlp import resources

ROOT = Path(__file__).resolve().parents[2]

_FACTS = r"""
def facts(path):
    from analysis.nlp import resources
    from analysis.nlp.corpus import Corpus, analyze_document
    from analysis.load.files import load_document

    doc = load_document(path)
    analysis = analyze_document(doc)
    corpus = Corpus()
    corpus.add(analysis)
    return {
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "stats": [analysis.stats.words, analysis.stats.sentences, analysis.stats.paragraphs],
        "document": list(analysis.sentiment.document),
        "arc": list(analysis.sentiment.arc),
        "phrases": [p.text for p in analysis.phrases],
        "keywords": [k.term for k in corpus.keywords(0, top=5)],
        "report": resources.resource_report(),
    }
"""

_OFFLINE_RUN = (
    r"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

import nltk, nltk.data, nltk.downloader

def no_download(*args, **kwargs):
    raise RuntimeError("nltk.download called")

nltk.download = no_download
nltk.downloader.download = no_download
nltk.downloader.Downloader.download = no_download
# Only the empty folder: not the system-wide folders NLTK adds (/usr/share/nltk_data ...).
nltk.data.path[:] = [sys.argv[2]]
"""
    + _FACTS
    + r"""
print(json.dumps(facts(sys.argv[1])))
"""
)


def test_full_analysis_runs_offline(tmp_path: Path, seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    home = tmp_path / "home"
    empty = tmp_path / "nltk_data"
    home.mkdir()
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "PYTHON"))}
    env.update(HOME=str(home), NLTK_DATA=str(empty), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _OFFLINE_RUN, str(seed), str(empty)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    offline = json.loads(done.stdout)
    assert offline["report"]["punkt"] == "untrained Punkt"
    assert offline["report"]["vader_lexicon"].startswith("vaderSentiment: ")
    assert offline["report"]["stopwords"].startswith("built-in: ")
    assert offline["stats"] == [313, 10, 10]
    assert len(offline["sentences"]) == len(offline["arc"]) == 10
    assert offline["document"][3] < 0  # the seed reads negative
    assert "Los Angeles" in offline["phrases"]
    assert "Trump" in offline["keywords"]
    # The same analysis as this process makes (with an empty nltk_data too).
    namespace: dict = {}
    exec(_FACTS, namespace)
    here = namespace["facts"](str(seed))
    for report in (offline["report"], here["report"]):
        del report["nltk_data_path"]  # each names its own empty folder
    assert offline == here
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
