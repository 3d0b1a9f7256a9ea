"""PLACEHOLDER (owned by the NLP-core work): final signatures."""

from __future__ import annotations

from functools import cache


@cache
def stopwords() -> frozenset[str]:
    return frozenset("a an the and or of to in on at for with is are was were be by it this that".split())
