"""The cache's resource fingerprint is the same whether it was worked out without NLTK (a
run whose analyses all come from the cache never imports it) or from NLTK's own lookup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from analysis.cache import fingerprint as cache
fast = cache._fallback_report()
fast_fingerprint = cache.resources_fingerprint()
imported_for_fast = "nltk" in sys.modules
from analysis.nlp.resources import resource_report
full = resource_report()
print(json.dumps({
    "fast": fast,
    "imported_for_fast": imported_for_fast,
    "exact": {key: full[key] for key in cache._FINGERPRINT_KEYS},
    "fast_fingerprint": fast_fingerprint,
    "exact_fingerprint": cache.resources_fingerprint(),
    "roots": cache._nltk_roots(),
    "nltk_path": full["nltk_data_path"].split(":"),
}))
"""


def probe(home: Path, nltk_data: Path) -> dict:
    env = {**os.environ, "HOME": str(home), "NLTK_DATA": str(nltk_data)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_fallback_report_matches_nltk_lookup(tmp_path: Path) -> None:
    data = tmp_path / "nltk_data"
    data.mkdir(mode=0o700)
    home = tmp_path / "home"
    home.mkdir()
    result = probe(home, data)
    # Every folder NLTK searches is among those checked without it.
    assert set(result["nltk_path"]) <= set(result["roots"])
    if result["fast"] is None:  # this machine has NLTK data somewhere: the exact path ran
        assert any(
            os.path.lexists(os.path.join(root, top + ext))
            for root in result["roots"]
            for top in ("tokenizers", "corpora", "sentiment")
            for ext in ("", ".zip")
        )
    else:
        assert not result["imported_for_fast"]
        assert result["fast"] == result["exact"]
    assert result["fast_fingerprint"] == result["exact_fingerprint"]


def test_user_nltk_data_takes_the_exact_path(tmp_path: Path) -> None:
    data = tmp_path / "nltk_data"
    words = data / "corpora" / "stopwords"
    words.mkdir(parents=True)
    for folder in (data, data / "corpora", words):
        folder.chmod(0o700)
    (words / "english").write_text("the\nand\nharbour\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    result = probe(home, data)
    assert result["fast"] is None
    assert result["exact"]["stopwords"].startswith("nltk_data: ")
    plain = probe(home, tmp_path / "empty")
    assert plain["exact_fingerprint"] != result["exact_fingerprint"]
