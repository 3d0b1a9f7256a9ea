"""Hard-wrapped prose is drawn as flowing paragraphs; verse, lists, headings and indented
lines keep their breaks; every offset stays where it was."""

from __future__ import annotations

from analysis.load.files import build_document
from tui.reader.pane import GUTTER
from tui.reader.reflow import REFLOW_MAX_CHARS, reflowed, wrap_width

PROSE = (
    "The lamplighter came up the hill an hour before dusk, as he had done every\n"
    "evening for thirty years, and stopped at the gate of the old observatory to\n"
    "look at the sky. Nobody had asked him to do so; it was simply a habit he had\n"
    "picked up from his father, who had kept the same post before the war and had\n"
    "taught him the names of the brighter stars one by one, slowly, as a reward.\n"
    "\n"
    "On that particular evening the clouds were low and heavy over the harbour,\n"
    "and the gulls had gone quiet, which he took to mean that a storm was coming\n"
    "in from the west. He lit the six lamps along the lane and went home early.\n"
)
VERSE = (
    "Over the orchard the lanterns glow,\n"
    "    Under the eaves the swallows sleep,\n"
    "Softly the river runs below,\n"
    "    Slowly the shadows creep.\n"
)


def _flow(text: str) -> str:
    """``reflowed`` with the paragraphs the loader finds in ``text``."""
    return reflowed(text, build_document("/docs/story.txt", text, split=False).paragraphs)


def _changed(before: str, after: str) -> list[int]:
    assert len(after) == len(before)
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def test_the_breaks_inside_a_wrapped_paragraph_become_spaces() -> None:
    out = _flow(PROSE)
    changed = _changed(PROSE, out)
    assert changed and all(PROSE[i] == "\n" and out[i] == " " for i in changed)
    first, second = out.split("\n\n")
    assert "\n" not in first and "every evening for thirty years" in first
    assert second.rstrip("\n").count("\n") == 0
    assert out.endswith("early.\n")  # the text's last break is the end of a paragraph


def test_verse_headings_lists_and_indented_lines_keep_their_breaks() -> None:
    text = PROSE + "\nCHAPTER II.\nThe Storm\n\n" + VERSE + "\n"
    text += "Things he carried up the hill that night, in the order he packed them:\n"
    text += "1. a tin of oil for the lamps and a spare wick wrapped in brown paper,\n"
    text += "2) matches, and a flask of tea that his sister had made him that morning\n"
    text += "- the key to the observatory gate, which he had never once had to use,\n"
    text += "    and an old almanac with the tides of the harbour written in pencil.\n"
    out = _flow(text)
    for kept in (
        "CHAPTER II.\nThe Storm",
        "lanterns glow,\n    Under",
        "below,\n    Slowly",
        "packed them:\n1. a tin",
        "brown paper,\n2) matches",
        "morning\n- the key",
        "use,\n    and an old",
    ):
        assert kept in out


def test_a_line_ended_early_on_purpose_keeps_its_break() -> None:
    text = PROSE.replace(
        "stopped at the gate of the old observatory to\n", "stopped.\nAt the gate\n"
    )
    out = _flow(text)
    assert "stopped.\nAt the gate\nlook at the sky" in out


def test_lines_the_loader_reads_as_paragraphs_are_never_joined() -> None:
    news = "".join(
        f"Paragraph {n} opens with a claim. It goes on a while to wrap over rows. It ends.\n"
        for n in range(12)
    )
    assert len(build_document("/docs/news.txt", news, split=False).paragraphs) == 12
    assert _flow(news) is news


def test_text_that_is_not_wrapped_at_a_terminal_width_is_left_alone() -> None:
    long_lines = "\n".join(["word " * 40] * 12) + "\n"  # 200-character lines
    assert _flow(long_lines) is long_lines
    assert wrap_width(long_lines.split("\n")) is None
    short = PROSE.split("\n\n")[1]  # three lines: too few to tell
    assert _flow(short) is short
    assert _flow("one line, no break") == "one line, no break"


def test_verse_alone_is_drawn_as_written() -> None:
    verse = VERSE * 4
    assert _flow(verse) == verse


def test_a_huge_text_is_drawn_as_written() -> None:
    paragraph = PROSE.split("\n\n")[0] + "\n\n"
    huge = paragraph * (REFLOW_MAX_CHARS // len(paragraph) + 1)
    assert len(huge) > REFLOW_MAX_CHARS
    assert _flow(huge) is huge


async def test_the_reading_pane_draws_wrapped_prose_as_flowing_rows() -> None:
    from tests.tui.test_reading_pane import open_pane, screen_text

    doc = build_document("/docs/story.txt", PROSE)  # split into sentences, as loaded
    async with open_pane(doc, size=(60, 20)) as (_app, _pilot, pane):
        rows = [row.rstrip() for row in screen_text(pane)]
        first = rows[: rows.index("")]  # the first paragraph, up to its gap row
        text_width = 60 - GUTTER
        # Filled rows: a 75-column line no longer leaves a one-word row behind it.
        assert all(len(row) - GUTTER > text_width - 12 for row in first[:-1])
        assert "every evening" in " ".join(first)
        # Offsets are those of the text: a search across a soft break finds the words.
        assert pane.search("every evening") == 1
        assert doc.text.count("every\nevening") == 1
