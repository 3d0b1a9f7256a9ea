"""The language data Lectern needs (Punkt parameters, stopwords, VADER lexicon), found offline.

Each comes from the user's ``nltk_data`` folders when usable, else from what pip installed;
``nltk.download`` is never called. Importing this does not import NLTK; everything is built
once per process under a lock, and :func:`reload_resources` starts over. docs/ARCHITECTURE.md."""

from __future__ import annotations

import copy
import importlib.util
import os
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters

__all__ = [
    "generation",
    "nltk_search_paths",
    "punkt_parameters",
    "reload_resources",
    "resource_report",
    "stopwords",
    "vader_lexicon_text",
]

PUNKT_RESOURCE = "tokenizers/punkt_tab/english/"
STOPWORDS_RESOURCE = "corpora/stopwords/english"
# NLTK's find() also tries "sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt".
VADER_RESOURCE = "sentiment/vader_lexicon/vader_lexicon.txt"

_OWN_STOPWORDS = "stopwords_en.txt"
_MAX_RESOURCE_BYTES = 50 * 1024 * 1024
"""Refuse absurdly large data files instead of reading them into memory."""

T = TypeVar("T")

_REFUSED_WARNING = re.compile(r"will not read data from '(.+?)': it is writable")
"""NLTK's RuntimeWarning about a refused folder (the path is printed with %r)."""

_LOCK = threading.RLock()
_CACHE: dict[str, Any] = {}
_NOTES: list[str] = []
"""Human-readable remarks gathered while looking (refused folders, unreadable files)."""
_GENERATION = 0


@dataclass(frozen=True, slots=True)
class _Loaded:
    value: Any
    source: str


def generation() -> int:
    """A counter bumped by :func:`reload_resources`; consumers that cache objects built
    from these resources compare it to know when to rebuild."""
    return _GENERATION


def reload_resources() -> None:
    """Forget everything loaded so the next call looks again (e.g. after ``NLTK_DATA``
    changed or the user installed ``nltk_data``)."""
    global _GENERATION
    with _LOCK:
        _CACHE.clear()
        _NOTES.clear()
        _GENERATION += 1


def _cached(key: str, load: Callable[[], T]) -> T:
    """``load()`` once per process (per :func:`reload_resources`), thread-safe."""
    try:
        return _CACHE[key]
    except KeyError:
        pass
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = load()
        return _CACHE[key]


def _note(text: str) -> None:
    with _LOCK:
        if text not in _NOTES:
            _NOTES.append(text)


# --------------------------------------------------------------------------- NLTK lookup


def nltk_search_paths() -> list[str]:
    """NLTK's data search path, after appending any ``NLTK_DATA`` entries missing from it.

    NLTK reads ``NLTK_DATA`` only when ``nltk`` is first imported, and 3.10 refuses to open
    files outside ``nltk.data.path``; re-reading the variable here makes a later change count.
    """
    import nltk.data

    with _LOCK:
        for entry in os.environ.get("NLTK_DATA", "").split(os.pathsep):
            if entry and entry not in nltk.data.path:
                nltk.data.path.append(entry)
        return list(nltk.data.path)


def _note_refused_roots(paths: Sequence[str]) -> None:
    """Record search folders NLTK will refuse because other accounts may write to them."""
    from nltk import pathsec

    if not pathsec.ENFORCE or os.name != "posix":
        return
    for root in paths:
        if root and os.path.isdir(root) and not pathsec.is_private_dir(root):
            _note(_refused_note(root))


def _refused_note(folder: str) -> str:
    return (
        f"{folder}: ignored, NLTK refuses data folders other accounts can write to "
        "(fix with chmod go-w)"
    )


def _find_user_resource(name: str) -> Any | None:
    """NLTK's path pointer for ``name`` in the user's nltk_data, or None.

    ``nltk.data.find`` does the security checks; its warnings about refused folders are
    captured into the report rather than printed (they would garble a terminal UI).
    ``warnings.catch_warnings`` is process-global, so this runs under the module lock and
    only while resources are first loaded.
    """
    import nltk.data

    paths = nltk_search_paths()
    _note_refused_roots(paths)
    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pointer = nltk.data.find(name, paths=paths)
        except LookupError:
            pointer = None
        except Exception as exc:  # noqa: BLE001 - a broken nltk_data (bad zip, odd permissions) must not stop us
            _note(
                f"{name}: unusable ({exc.__class__.__name__}: {exc}), using the built-in fallback"
            )
            pointer = None
    for warning in caught:
        if issubclass(warning.category, RuntimeWarning):
            message = str(warning.message)
            refused = _REFUSED_WARNING.search(message)
            _note(_refused_note(refused.group(1)) if refused else message)
    return pointer


def _pointer_text(pointer: Any) -> str:
    """Where an NLTK path pointer points, for people."""
    zipfile = getattr(pointer, "zipfile", None)
    if zipfile is not None:
        return f"{zipfile.filename}/{pointer.entry}"
    return str(getattr(pointer, "path", pointer))


def _read_pointer(pointer: Any) -> str:
    """The UTF-8 text of an NLTK path pointer (through NLTK's sandboxed open)."""
    if pointer.file_size() > _MAX_RESOURCE_BYTES:
        raise ValueError(f"larger than {_MAX_RESOURCE_BYTES} bytes")
    with pointer.open() as stream:
        data = stream.read()
    return data.decode("utf-8-sig")


def _user_text(name: str) -> tuple[str, str] | None:
    """(text, source) of a user nltk_data file, or None when absent, refused or unreadable."""
    pointer = _find_user_resource(name)
    if pointer is None:
        return None
    where = _pointer_text(pointer)
    try:
        return _read_pointer(pointer), f"nltk_data: {where}"
    except Exception as exc:  # noqa: BLE001 - likewise for whatever a bad file raises
        _note(f"{where}: unreadable ({exc.__class__.__name__}: {exc}), using the built-in fallback")
        return None


# --------------------------------------------------------------------------- stopwords


def parse_word_list(text: str) -> frozenset[str]:
    """One word per line, case-folded; blank lines and ``#`` comments ignored."""
    words = (line.strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def _load_stopwords() -> _Loaded:
    found = _user_text(STOPWORDS_RESOURCE)
    if found is not None:
        words = parse_word_list(found[0])
        if words:
            return _Loaded(words, found[1])
        _note(f"{found[1]}: empty, using the built-in list")
    # Next to this file, not importlib.resources.files("analysis"): under pytest the
    # name "analysis" can resolve to the namespace package tests/analysis.
    own = Path(__file__).resolve().with_name("data") / _OWN_STOPWORDS
    return _Loaded(
        parse_word_list(own.read_text(encoding="utf-8")),
        f"built-in: analysis/nlp/data/{_OWN_STOPWORDS}",
    )


def stopwords() -> frozenset[str]:
    """Lower-case English stopwords (the user's NLTK list if installed, else ours)."""
    return _cached("stopwords", _load_stopwords).value


# --------------------------------------------------------------------------- VADER lexicon


def vadersentiment_lexicon() -> Path | None:
    """``vader_lexicon.txt`` in the installed vaderSentiment package, located without
    importing the package."""
    try:
        spec = importlib.util.find_spec("vaderSentiment")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "vader_lexicon.txt"
        if candidate.is_file():
            return candidate
    return None


def _load_vader() -> _Loaded:
    found = _user_text(VADER_RESOURCE)
    if found is not None and "\t" in found[0]:
        return _Loaded(found[0], found[1])
    if found is not None:
        _note(f"{found[1]}: not a VADER lexicon, using vaderSentiment's")
    path = vadersentiment_lexicon()
    if path is None:
        raise LookupError(
            "No VADER lexicon: neither nltk_data/sentiment/vader_lexicon nor the "
            "vaderSentiment package is installed (pip install vaderSentiment)."
        )
    return _Loaded(path.read_text(encoding="utf-8-sig"), f"vaderSentiment: {path}")


def vader_lexicon_text() -> tuple[str, str]:
    """The VADER lexicon file's text and a description of where it came from."""
    loaded = _cached("vader", _load_vader)
    return loaded.value, loaded.source


# --------------------------------------------------------------------------- Punkt


def _load_punkt() -> _Loaded:
    from nltk.tokenize.punkt import PunktParameters, load_punkt_params

    pointer = _find_user_resource(PUNKT_RESOURCE)
    if pointer is not None:
        where = _pointer_text(pointer)
        try:
            return _Loaded(load_punkt_params(pointer), f"nltk_data: {where}")
        except Exception as exc:  # noqa: BLE001 - likewise for a bad model
            _note(f"{where}: unusable punkt_tab model ({exc}), using untrained Punkt")
    return _Loaded(PunktParameters(), "untrained Punkt")


def punkt_parameters() -> tuple[PunktParameters, str]:
    """A fresh copy of the English Punkt parameters and their source description.

    A copy, so the caller may add abbreviations without touching the cached original.
    """
    loaded = _cached("punkt", _load_punkt)
    with _LOCK:
        params = copy.deepcopy(loaded.value)
    return params, loaded.source


# --------------------------------------------------------------------------- report


def resource_report() -> dict[str, str]:
    """Where each resource came from (loading any not yet loaded), for ``lectern --info``
    and bug reports. Keys: ``punkt``, ``stopwords``, ``vader_lexicon``, ``nltk_data_path``
    and, when something was skipped, ``notes``."""
    report = {
        "punkt": _cached("punkt", _load_punkt).source,
        "stopwords": _cached("stopwords", _load_stopwords).source,
        "vader_lexicon": _cached("vader", _load_vader).source,
        "nltk_data_path": os.pathsep.join(nltk_search_paths()),
    }
    with _LOCK:
        if _NOTES:
            report["notes"] = "; ".join(_NOTES)
    return report
