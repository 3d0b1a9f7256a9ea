"""Control characters in untrusted text become visible placeholders, one for one."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.sanitize import (
    clean_display,
    clean_line,
    clean_text,
    is_clean,
    prose_line,
    unsafe_positions,
)

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI += ["\u200e", "\u200f", "\u061c"]


def reference_clean(text: str) -> str:
    """The rule, spelled out one character at a time."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code <= 0x9F or ch in BIDI or 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def test_escape_sequences_become_visible() -> None:
    osc52 = "copy \x1b]52;c;ZWNobyBwd25lZA==\x07 done"
    cleaned = clean_text(osc52)
    assert cleaned == "copy ␛]52;c;ZWNobyBwd25lZA==␇ done"
    assert "\x1b" not in cleaned and "\x07" not in cleaned
    assert clean_text("title \x1b]0;pwned\x1b\\ and \x1b[6n") == "title ␛]0;pwned␛\\ and ␛[6n"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x00", "␀"),
        ("\x07", "␇"),
        ("\x08", "␈"),
        ("\x0b", "␋"),
        ("\x0c", "␌"),
        ("\r", "␍"),
        ("\x1b", "␛"),
        ("\x1f", "␟"),
        ("\x7f", "␡"),
        ("\x80", "\ufffd"),
        ("\x85", "\ufffd"),
        ("\x9b", "\ufffd"),  # CSI: an escape sequence in one byte on some terminals
        ("\x9f", "\ufffd"),
        ("\ud800", "\ufffd"),
    ],
)
def test_each_control_has_its_placeholder(raw: str, shown: str) -> None:
    assert clean_text(f"a{raw}b") == f"a{shown}b"


@pytest.mark.parametrize("bidi", BIDI)
def test_bidi_controls_are_replaced(bidi: str) -> None:
    text = f"user{bidi}txt.exe"
    assert clean_text(text) == "user\ufffdtxt.exe"
    assert clean_line(text) == "user\ufffdtxt.exe"


def test_newline_and_tab_are_kept_and_clean_text_is_returned_as_is() -> None:
    text = "line one\n\tindented — “quoted” 日本語 é\n"
    assert clean_text(text) is text
    assert is_clean(text)
    assert not is_clean("a\x1bb")


@pytest.mark.parametrize(
    "text",
    [
        "ascii \x1b[31mred\x1b[0m and DEL\x7f",  # fits Latin-1: the charmap path
        "latin é \x85 \x1b",
        "wide ’ \x1b[31mred\x1b[0m \u202e",  # wider text: the regex path
        "wide ’" + "x\x1b" * 70_000,  # dense controls over several chunks
        "’" * 70_000 + "\x07",  # first control in a later chunk
    ],
)
def test_every_path_matches_the_rule_and_keeps_length(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == reference_clean(text)
    assert len(cleaned) == len(text)


def test_clean_line_makes_one_line() -> None:
    assert clean_line("a\nb\tc\r\u2028d\x1b") == "a␤b c␍␤d␛"
    assert clean_line("plain/path.txt") == "plain/path.txt"


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_clean_text_follows_the_rule_on_any_text(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == reference_clean(text)
    assert len(cleaned) == len(text)
    assert clean_text(cleaned) == cleaned


@given(st.text())
def test_clean_line_leaves_no_control_or_line_break(text: str) -> None:
    line = clean_line(text)
    assert len(line) == len(text)
    assert not any(unicodedata.category(ch) == "Cc" for ch in line)
    assert "\u2028" not in line and "\u2029" not in line


@pytest.mark.parametrize("clean", [clean_text, clean_line, clean_display, prose_line])
@pytest.mark.parametrize("mark", ["\u061c", "\u200e", "\u200f", "\u202e", "\u2067"])
def test_every_cleaner_replaces_every_bidi_control(clean, mark: str) -> None:
    """Arabic letter mark and the left-to-right/right-to-left marks too: the reading pane's
    old cleaner of its own let those three through."""
    assert mark not in clean(f"abc{mark}def")


def test_display_cleaning_also_replaces_line_breaks_and_stray_joiners() -> None:
    text = "a\nb\u2028c\u2029d \u200de\tf"
    shown = clean_display(text)
    assert len(shown) == len(text)
    assert shown == "a\u240ab\ufffdc\ufffdd \ufffde\tf"
    assert unsafe_positions(text) == [1, 3, 5, 8]
