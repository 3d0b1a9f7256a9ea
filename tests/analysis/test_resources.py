"""Finding NLTK data offline: the pip-installed fallbacks, and the user's nltk_data when it is
there (read at call time from NLTK_DATA, even after nltk was imported)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
import zipfile
from pathlib import Path

import pytest

from analysis.model import Span
from analysis.nlp import resources, sentences, sentiment
from analysis.nlp.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):
    """Reload resources for this test and afterwards; keep nltk.data.path changes local."""
    import nltk.data

    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    resources.reload_resources()
    yield
    resources.reload_resources()


def make_nltk_data(
    root: Path,
    *,
    stopwords: str | None = None,
    lexicon: str | None = None,
    abbreviations: str | None = None,
) -> Path:
    """A minimal user nltk_data folder (private, as NLTK requires)."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stopwords is not None:
        folder = root / "corpora" / "stopwords"
        folder.mkdir(parents=True)
        (folder / "english").write_text(stopwords, encoding="utf-8")
    if lexicon is not None:
        folder = root / "sentiment"
        folder.mkdir(parents=True)
        with zipfile.ZipFile(folder / "vader_lexicon.zip", "w") as zf:
            zf.writestr("vader_lexicon/vader_lexicon.txt", lexicon)
    if abbreviations is not None:
        folder = root / "tokenizers" / "punkt_tab" / "english"
        folder.mkdir(parents=True)
        (folder / "abbrev_types.txt").write_text(abbreviations, encoding="utf-8")
        (folder / "collocations.tab").write_text("", encoding="utf-8")
        (folder / "sent_starters.txt").write_text("however\n", encoding="utf-8")
        (folder / "ortho_context.tab").write_text("the\t34\n", encoding="utf-8")
    return root


# --------------------------------------------------------------------------- fallbacks


def test_fallbacks_without_any_nltk_data(fresh) -> None:
    report = resources.resource_report()
    assert report["punkt"] == "untrained Punkt"
    assert report["stopwords"] == "built-in: analysis/nlp/data/stopwords_en.txt"
    assert report["vader_lexicon"].startswith("vaderSentiment: ")
    assert report["vader_lexicon"].endswith("vader_lexicon.txt")
    assert os.environ["NLTK_DATA"] in report["nltk_data_path"].split(os.pathsep)
    assert "notes" not in report


def test_builtin_stopwords_are_function_words(fresh) -> None:
    words = resources.stopwords()
    assert 170 <= len(words) <= 220
    assert {"the", "and", "of", "is", "were", "herself", "because", "don't"} <= words
    assert not {"government", "trump", "immigration", "good", "city"} & words
    assert all(w == w.lower() and w.strip() == w and w for w in words)


def test_stopword_file_is_clean() -> None:
    path = ROOT / "analysis" / "nlp" / "data" / "stopwords_en.txt"
    entries = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(entries) == len(set(entries))
    assert all(e == e.strip().lower() for e in entries)


def test_vader_fallback_is_vadersentiments_lexicon(fresh) -> None:
    text, source = resources.vader_lexicon_text()
    assert "\ngood\t1.9" in text.replace("\r", "")
    assert Path(source.removeprefix("vaderSentiment: ")).read_text(encoding="utf-8") == text


def test_parse_word_list() -> None:
    assert resources.parse_word_list("# c\nThe\n\n  and \nTHE\n") == frozenset({"the", "and"})


def test_importing_resources_does_not_import_nltk() -> None:
    code = (
        "import sys, analysis.nlp.resources, analysis.nlp.sentences, analysis.nlp.sentiment;"
        "print('nltk' in sys.modules, 'vaderSentiment' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["False", "False"]


def test_vadersentiment_module_is_never_imported() -> None:
    code = (
        "import sys; from analysis.nlp import resources; from analysis.nlp import sentiment;"
        "resources.resource_report(); sentiment.score_text('good');"
        "print('vaderSentiment.vaderSentiment' in sys.modules, 'requests' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["False", "False"]


def test_child_processes_search_only_nltk_data() -> None:
    """The test suite's own isolation (tests/conftest.py): a Python process a test starts
    (the CLI, a pool's fork server) finds no system-wide nltk_data either."""
    code = "import nltk.data; print(nltk.data.path)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == repr([os.environ["NLTK_DATA"]])


def test_resources_load_once_across_threads(fresh) -> None:
    seen: list[tuple[frozenset[str], str]] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        seen.append((resources.stopwords(), resources.vader_lexicon_text()[0]))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8
    assert all(words is seen[0][0] and lexicon is seen[0][1] for words, lexicon in seen)


def test_punkt_parameters_are_copies(fresh) -> None:
    first, _ = resources.punkt_parameters()
    first.abbrev_types.add("zzz")
    second, _ = resources.punkt_parameters()
    assert "zzz" not in second.abbrev_types


# --------------------------------------------------------------------------- user nltk_data


def test_user_nltk_data_is_used_when_present(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nltk.data

    root = make_nltk_data(
        tmp_path / "nltk_data",
        stopwords="foo\nBar\n",
        lexicon="wonderful\t3.1\t0.5\t[3]\nawful\t-3.0\t0.5\t[-3]",
        abbreviations="blvdx\n",
    )
    monkeypatch.setenv("NLTK_DATA", str(root))  # set after nltk was imported
    assert str(root) not in nltk.data.path

    report = resources.resource_report()
    assert report["stopwords"] == f"nltk_data: {root / 'corpora' / 'stopwords' / 'english'}"
    assert report["vader_lexicon"] == (
        f"nltk_data: {root / 'sentiment' / 'vader_lexicon.zip'}/vader_lexicon/vader_lexicon.txt"
    )
    assert report["punkt"] == f"nltk_data: {root / 'tokenizers' / 'punkt_tab' / 'english'}"
    assert str(root) in nltk.data.path

    assert resources.stopwords() == frozenset({"foo", "bar"})
    # The analyzer follows the reload: only the two words of the user's lexicon count.
    assert sentiment.score_text("wonderful").compound > 0
    assert sentiment.score_text("good").compound == 0.0
    assert sentiment.lexicon_source() == report["vader_lexicon"]
    # So does the splitter: the user's model knows "blvdx" as an abbreviation.
    text = "They met on Sunset Blvdx. Stone said so."
    spans, _ = split_sentences(text, [Span(0, len(text))])
    assert [text[s.start : s.end] for s in spans] == [text]
    assert sentences.tokenizer_source().startswith("nltk_data: ")


def make_punkt_tab(
    root: Path, *, starters: str = "", collocations: str = "", ortho: str = ""
) -> Path:
    """A tiny English punkt_tab model in the format ``load_punkt_params`` reads: the
    abbreviation ``blvdx`` and whatever else is given (one entry a line, tab-separated)."""
    folder = root / "tokenizers" / "punkt_tab" / "english"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abbrev_types.txt").write_text("blvdx\n", encoding="utf-8")
    (folder / "sent_starters.txt").write_text(starters, encoding="utf-8")
    (folder / "collocations.tab").write_text(collocations, encoding="utf-8")
    (folder / "ortho_context.tab").write_text(ortho, encoding="utf-8")
    for path in (folder, *folder.relative_to(root).parents):
        (root / path).chmod(0o700)  # NLTK refuses folders others may write to
    return folder


PUNKT_CASES = {
    "abbreviation": "They met on Sunset Blvdx. Stone said so.",
    "sentence starter": "They met on Sunset Blvdx. Quietly it rained.",
    "orthographic context": "They met on Sunset Blvdx. Harbour lights shone.",
    "collocation": "It opened in 1990. Stone said so.",
}


def _sentence_counts() -> dict[str, int]:
    counts = {}
    for case, text in PUNKT_CASES.items():
        spans, _ = split_sentences(text, [Span(0, len(text))])
        counts[case] = len(spans)
    return counts


def test_a_provided_punkt_tab_is_used(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resources.punkt_parameters()[1] == "untrained Punkt"
    assert set(_sentence_counts().values()) == {2}  # every case splits without the model

    root = tmp_path / "nltk_data"
    folder = make_punkt_tab(root)
    monkeypatch.setenv("NLTK_DATA", str(root))
    resources.reload_resources()
    assert resources.punkt_parameters()[1] == f"nltk_data: {folder}"
    assert sentences.tokenizer_source().startswith(f"nltk_data: {folder} + ")
    # Blvdx. is known now; nothing says the capitalised word after it starts a sentence.
    assert _sentence_counts() == {
        "abbreviation": 1,
        "sentence starter": 1,
        "orthographic context": 1,
        "collocation": 2,
    }

    make_punkt_tab(
        root,
        starters="quietly\n",
        collocations="##number##\tstone\n",
        ortho="harbour\t32\n",  # seen in lower case mid-sentence only (_ORTHO_MID_LC)
    )
    resources.reload_resources()
    params, _ = resources.punkt_parameters()
    assert params.sent_starters == {"quietly"}
    assert params.collocations == {("##number##", "stone")}
    assert dict(params.ortho_context) == {"harbour": 32}
    # Each of the other three files changes the split of its own case.
    assert _sentence_counts() == {
        "abbreviation": 1,
        "sentence starter": 2,
        "orthographic context": 2,
        "collocation": 1,
    }


def test_user_data_is_dropped_again_when_nltk_data_changes(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_nltk_data(tmp_path / "nltk_data", stopwords="foo\n")
    monkeypatch.setenv("NLTK_DATA", str(root))
    assert resources.stopwords() == frozenset({"foo"})
    import nltk.data

    monkeypatch.setattr(nltk.data, "path", [p for p in nltk.data.path if p != str(root)])
    monkeypatch.setenv("NLTK_DATA", str(tmp_path / "elsewhere"))
    resources.reload_resources()
    assert "the" in resources.stopwords()


def test_group_writable_nltk_data_falls_back_quietly(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_nltk_data(tmp_path / "nltk_data", stopwords="foo\n", lexicon="nice\t2.0")
    root.chmod(0o770)
    monkeypatch.setenv("NLTK_DATA", str(root))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NLTK's RuntimeWarning must not escape to the terminal
        report = resources.resource_report()
        words = resources.stopwords()
    assert report["stopwords"].startswith("built-in: ")
    assert report["vader_lexicon"].startswith("vaderSentiment: ")
    assert "the" in words and "foo" not in words
    assert f"{root}: ignored" in report["notes"]
    assert "chmod go-w" in report["notes"]


def test_group_writable_subfolder_is_reported(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_nltk_data(tmp_path / "nltk_data", stopwords="foo\n")
    (root / "corpora").chmod(0o777)
    monkeypatch.setenv("NLTK_DATA", str(root))
    assert "foo" not in resources.stopwords()
    assert f"{root / 'corpora'}: ignored" in resources.resource_report()["notes"]


def test_broken_user_files_fall_back(
    fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_nltk_data(tmp_path / "nltk_data", stopwords="\n# nothing\n")
    (root / "sentiment").mkdir()
    (root / "sentiment" / "vader_lexicon.zip").write_bytes(b"not a zip file")
    monkeypatch.setenv("NLTK_DATA", str(root))
    report = resources.resource_report()
    assert report["stopwords"].startswith("built-in: ")
    assert report["vader_lexicon"].startswith("vaderSentiment: ")
    assert "empty" in report["notes"]
    assert sentiment.score_text("good").compound > 0
