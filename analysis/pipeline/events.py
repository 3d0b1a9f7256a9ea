"""What a pipeline run yields, per document: the same events for the CLI and the dashboard."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from analysis.model import Document, DocumentAnalysis, LoadFailure


@dataclass(frozen=True, slots=True)
class Loaded:
    """A document's text, read (sentences not split yet): the dashboard can show it."""

    document: Document


@dataclass(frozen=True, slots=True)
class Split:
    """A document with its sentences, ahead of the rest of its analysis."""

    document: Document


@dataclass(frozen=True, slots=True)
class Analysed:
    analysis: DocumentAnalysis
    cached: bool = False


@dataclass(frozen=True, slots=True)
class Failed:
    failure: LoadFailure


Event = Loaded | Failed | Analysed | Split


def analysis_failure(path: str, exc: BaseException) -> LoadFailure:
    message = f"{os.path.basename(path)} could not be analysed: {type(exc).__name__}: {exc}"
    return LoadFailure(path, "analysis-error", message)


def analysis_event(doc: Document, compute: Callable[[], DocumentAnalysis]) -> Analysed | Failed:
    """Run ``compute``; a bug in analysis must cost one document, not the whole run."""
    try:
        return Analysed(compute())
    except Exception as exc:  # noqa: BLE001 - reported to the person, run continues
        return Failed(analysis_failure(doc.path, exc))
