"""Smoke tests for the benchmark harness (no timings): the corpus generator is
deterministic and sensible, generated data is reused, the table and BENCHMARKS.md writer
format what they are given, and the screen predicates match the dashboard's wording."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from bench import corpus_gen
from bench.big_file import _changed_lines, analysed
from bench.corpus import all_analysed
from bench.report import (
    RESULTS_END,
    RESULTS_START,
    Row,
    Target,
    format_markdown_table,
    format_quantity,
    format_table,
    results_section,
    unavailable,
    update_benchmarks_md,
)


@pytest.fixture(scope="module")
def training() -> corpus_gen.Training:
    return corpus_gen.load_training()


def _small_corpus(training: corpus_gen.Training, seed: int) -> list[tuple[str, str]]:
    return list(corpus_gen.corpus_documents(training, seed=seed, count=12, total_bytes=60_000))


def test_corpus_is_deterministic(training: corpus_gen.Training) -> None:
    first = _small_corpus(training, seed=11)
    assert first == _small_corpus(corpus_gen.load_training(), seed=11)
    assert first != _small_corpus(training, seed=12)


def test_corpus_documents_have_titles_paragraphs_and_the_requested_size(
    training: corpus_gen.Training,
) -> None:
    docs = _small_corpus(training, seed=3)
    assert [name[:4] for name, _ in docs] == [f"{i:04d}" for i in range(12)]
    assert len({name for name, _ in docs}) == 12
    total = sum(len(text.encode("utf-8")) for _, text in docs)
    assert 60_000 <= total <= 60_000 * 1.2
    for _name, text in docs:
        title, _, body = text.partition("\n\n")
        assert title and "\n" not in title
        assert body.count("\n\n") >= 1


def test_documents_carry_both_polarities(training: corpus_gen.Training) -> None:
    words = set(re.findall(r"[a-z]+", " ".join(t for _, t in _small_corpus(training, 5)).lower()))
    assert words & set(training.positive)
    assert words & set(training.negative)


def test_markov_sentences_only_join_words_seen_together(training: corpus_gen.Training) -> None:
    import random

    seen = set()
    for sentence in corpus_gen.news_sentences():
        words = sentence.split()
        seen.update(itertools.pairwise(words))
    rng = random.Random(0)
    for _ in range(200):
        sentence = training.chain.sentence(rng)
        assert sentence[-1] in '.!?\u201d"'
        words = sentence.split()
        pairs = list(itertools.pairwise(words))
        *inner, last = pairs or [("", "")]
        assert all(pair in seen for pair in inner)
        assert last in seen or (last[0], last[1].removesuffix(".")) in seen


def test_training_comes_from_the_seed_and_the_news_sample() -> None:
    news = corpus_gen.news_sentences()
    assert any(s.startswith("UNITED STATES President") for s in news)
    assert "Gov. Tom Blake disagreed." in news
    assert "The book was good." in corpus_gen.example_sentences()


def test_ensure_corpus_reuses_and_replaces_stale_data(tmp_path: Path) -> None:
    stale = tmp_path / "corpus-old"
    stale.mkdir()
    folder = corpus_gen.ensure_corpus(count=4, total_bytes=8_000, root=tmp_path)
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 4 and not stale.exists()
    marker = folder / files[0]
    before = marker.stat().st_mtime_ns
    assert corpus_gen.ensure_corpus(count=4, total_bytes=8_000, root=tmp_path) == folder
    assert marker.stat().st_mtime_ns == before
    assert not list(tmp_path.glob(".tmp-*"))


def test_big_text_is_deterministic_and_sized(training: corpus_gen.Training) -> None:
    one = "".join(corpus_gen.big_text_chunks(training, seed=2, total_bytes=50_000))
    two = "".join(corpus_gen.big_text_chunks(training, seed=2, total_bytes=50_000))
    assert one == two
    assert 50_000 <= len(one.encode("utf-8")) < 50_000 + 40_000
    assert "\n\nChapter 1\n\n" in one


def test_first_words_skips_the_title_and_headings() -> None:
    text = "A Title\n\nChapter 1\n\nThe quick brown fox jumps over the lazy dog.\n"
    assert corpus_gen.first_words(text) == "The quick brown fox"
    assert len(corpus_gen.first_words(text, limit=10)) <= 10


# ---------------------------------------------------------------------------- report
def _rows() -> list[Row]:
    return [
        Row(
            "first frame",
            "lectern seeds/",
            0.52,
            baseline_label="bare",
            baseline=0.40,
            ratio=1.3,
            target=Target("<=", 1.3),
            runs=5,
        ),
        Row(
            "big file",
            "page-down",
            0.080,
            target=Target("<=", 0.05, subject="value", unit="s"),
            runs=5,
        ),
        Row(
            "sentiment",
            "ours",
            25_000.0,
            "sentences/s",
            "vaderSentiment",
            18_000.0,
            25 / 18,
            runs=5,
        ),
        unavailable("corpus", "dashboard", "dashboard | does not\nstart", Target("<=", 0.1)),
    ]


def test_table_lines_up_and_shows_verdicts() -> None:
    lines = format_table(_rows()).splitlines()
    assert lines[0].startswith("Case") and set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + 4
    first, page, sentiment, missing = lines[2:]
    assert "520 ms" in first and "bare: 400 ms" in first and "1.30×" in first and "✔" in first
    assert "80.0 ms" in page and "≤ 50.0 ms" in page and "✘" in page
    assert "25,000 sentences/s" in sentiment and "1.39×" in sentiment
    assert "n/a (dashboard | does not start)" in missing and "?" in missing
    # columns line up: every row starts its Measure column at the same place
    starts = {
        line.index(word)
        for line, word in zip(lines[2:], ["lectern", "page", "ours", "dash"], strict=True)
    }
    assert len(starts) == 1


def test_quantities_and_targets() -> None:
    assert format_quantity(0.0123, "s") == "12.3 ms"
    assert format_quantity(2.5, "s") == "2.50 s"
    assert format_quantity(None, "s") == "—"
    assert Target(">=", 1.7).met(None, 1.8) is True
    assert Target(">=", 1.7).met(None, 1.6) is False
    assert Target("<=", 2.0, subject="value", unit="s").met(2.1, 0.5) is False


def test_markdown_table_escapes_pipes() -> None:
    table = format_markdown_table(_rows())
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()]
    assert len(set(cells)) == 1
    assert "dashboard \\| does not start" in table


def test_benchmarks_md_section_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nIntro stays.\n")
    facts = {"CPU": "Test CPU", "Cores": "2"}
    update_benchmarks_md(path, results_section(_rows(), facts, "make bench", ["a note"]))
    once = path.read_text()
    assert once.startswith("# Benchmarks\n\nIntro stays.\n")
    assert once.count(RESULTS_START) == 1 and once.count(RESULTS_END) == 1
    assert "**CPU:** Test CPU" in once and "- a note" in once
    assert "targets met: 1 of 2 measured (1 not measurable this run)" in once
    assert "- ✔ first frame — lectern seeds/: 1.30× (target ratio ≤ 1.30×)" in once
    assert "- ✘ big file — page-down: 80.0 ms (target ≤ 50.0 ms)" in once
    assert "- ? corpus — dashboard: n/a (dashboard | does not start)" in once
    path.write_text(once + "\n## Afterword\n")
    update_benchmarks_md(path, results_section(_rows()[:1], facts, "make bench"))
    twice = path.read_text()
    assert twice.count(RESULTS_START) == 1 and "## Afterword" in twice
    assert "page-down" not in twice and "Intro stays." in twice


# -------------------------------------------------------------------- screen predicates
def test_all_analysed_matches_the_final_status_only() -> None:
    done = all_analysed(1000)
    assert done("│ 1,000 documents │\n 1000 documents\n")
    assert not done("│ 1,000 documents · 3 analysing │\n 997/1000 analysed\n")
    assert not done(" 1000/1000 analysed · loading…\n")
    assert not done(" 999 documents\n")


def test_big_file_predicates() -> None:
    assert analysed("text\n 1 document\n keys\n")
    assert analysed("text\n 1 document · 0 failed\n keys\n")
    assert not analysed("text\n 0/1 analysed · loading…\n keys\n")
    assert _changed_lines("a\nb\nc", "a\nx\ny") == 2
    assert _changed_lines("a\nb", "a\nb\nc") == 1


async def test_time_to_interactive_waits_for_what_the_cursor_draws(tmp_path: Path) -> None:
    """The bench's "cursor on the second sentence" text is what the dashboard draws then
    (and not before)."""
    from bench.first_frame import SECOND_SENTENCE
    from tests.tui.app_harness import SEED, ready, screen_text
    from tui.app import LecternApp

    app = LecternApp([str(SEED)], db=str(tmp_path / "db.json"), workers=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert SECOND_SENTENCE not in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert SECOND_SENTENCE in screen_text(app)
