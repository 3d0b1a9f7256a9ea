"""Which NLTK resources the analyses in a cache folder were made with.

A user's punkt_tab or stopword list changes the results, so entries live in a folder named
after this fingerprint. When no NLTK data exists anywhere, the answer is known without
importing NLTK (:func:`_fallback_report`)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path


def resources_fingerprint() -> str:
    """Twelve hex digits naming the resources in use (see the module docstring)."""
    report = _fallback_report()
    if report is None:
        try:
            from analysis.nlp.resources import resource_report

            full = resource_report()
            # Only what changes results: not the search path, which varies with NLTK_DATA.
            report = {k: full.get(k, "") for k in _FINGERPRINT_KEYS}
        except Exception:  # noqa: BLE001 - no report: fingerprint by version only
            report = {}
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()[:12]


_FINGERPRINT_KEYS = ("punkt", "stopwords", "vader_lexicon")
_NLTK_DATA_TOPS = ("tokenizers", "corpora", "sentiment")
"""First components of the three resources' names (``analysis.nlp.resources``): NLTK's
``find`` looks for each as a folder or a ``.zip`` in every search root."""


def _nltk_roots() -> list[str]:
    """Every folder NLTK may search for data: ``nltk.data.path`` as NLTK builds it at import
    (``NLTK_DATA`` entries, ``~/nltk_data``, the Unix defaults) plus the raw ``NLTK_DATA``
    entries that ``resources.nltk_search_paths`` appends, worked out without NLTK. A
    superset errs on the safe side: it can only send a run down the exact path."""
    entries = [entry for entry in os.environ.get("NLTK_DATA", "").split(os.pathsep) if entry]
    roots = [*entries, *(os.path.expanduser(entry) for entry in entries)]
    roots.append(os.path.expanduser("~/nltk_data"))
    for prefix in (sys.prefix, "/usr", "/usr/local"):
        roots += [
            os.path.join(prefix, "share", "nltk_data"),
            os.path.join(prefix, "lib", "nltk_data"),
        ]
    roots.append(os.path.join(sys.prefix, "nltk_data"))
    return roots


def _fallback_report() -> dict[str, str] | None:
    """The fingerprinted part of ``resources.resource_report()`` when no NLTK data can be
    found anywhere, so every resource is the built-in fallback — found without importing
    NLTK, which costs about 0.2 s on a run whose analyses all come from the cache.

    None (the caller asks ``resource_report`` itself) when NLTK is loaded already, when
    any search root holds anything NLTK could take one of our resources from, or when
    NLTK could fetch one elsewhere (its Hugging Face cache fallback). The strings must
    match ``analysis.nlp.resources``; ``tests/analysis/test_cache_fingerprint.py`` checks it.
    """
    if "nltk" in sys.modules or os.name != "posix":
        return None
    if importlib.util.find_spec("huggingface_hub") is not None:
        return None
    for root in _nltk_roots():
        if os.path.isfile(root):  # a zip file as a search root
            return None
        for top in _NLTK_DATA_TOPS:
            if os.path.lexists(os.path.join(root, top)) or os.path.lexists(
                os.path.join(root, top + ".zip")
            ):
                return None
    from analysis.nlp import resources

    stopwords = Path(resources.__file__).resolve().with_name("data") / _OWN_STOPWORDS
    lexicon = resources.vadersentiment_lexicon()  # locates it without importing anything
    if lexicon is None or not stopwords.is_file():
        return None
    return {
        "punkt": "untrained Punkt",
        "stopwords": f"built-in: analysis/nlp/data/{_OWN_STOPWORDS}",
        "vader_lexicon": f"vaderSentiment: {lexicon}",
    }


_OWN_STOPWORDS = "stopwords_en.txt"
