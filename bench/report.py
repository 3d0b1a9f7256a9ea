"""The benchmark table: rows of medians and same-run ratios, machine facts, BENCHMARKS.md.

Every case returns :class:`Row` values; this module turns them into one plain-text table
(printed) and a Markdown table (written into the "latest results" section of
``BENCHMARKS.md``, leaving the rest of that file alone).
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tui.widgets.formatting import format_figure

RESULTS_START = "<!-- latest results: written by `make bench`, do not edit by hand -->"
RESULTS_END = "<!-- end of latest results -->"

PACKAGES = ("lectern", "textual", "rich", "nltk", "vaderSentiment", "tinydb", "rapidfuzz")


@dataclass(frozen=True, slots=True)
class Target:
    """A goal: ``subject`` (``ratio`` or ``value``) must be ``op`` (``<=``/``>=``) ``limit``."""

    op: str
    limit: float
    subject: str = "ratio"
    unit: str = ""
    """The limit's unit when ``subject`` is ``value`` (the row's unit)."""

    def met(self, value: float | None, ratio: float | None) -> bool | None:
        x = ratio if self.subject == "ratio" else value
        if x is None:
            return None
        return x <= self.limit if self.op == "<=" else x >= self.limit

    def describe(self) -> str:
        symbol = "≤" if self.op == "<=" else "≥"
        if self.subject == "ratio":
            return f"ratio {symbol} {format_number(self.limit)}×"
        return f"{symbol} {format_quantity(self.limit, self.unit)}"


@dataclass(frozen=True, slots=True)
class Row:
    """One measured quantity, its baseline from the same run, and the ratio between them.

    ``value``/``baseline`` are medians in ``unit``; ``ratio`` is whatever the target talks
    about (usually value / baseline; a speed-up is baseline / value). ``note`` replaces the
    numbers when the case could not run ("n/a (reason)").
    """

    case: str
    measure: str
    value: float | None
    unit: str = "s"
    baseline_label: str = ""
    baseline: float | None = None
    ratio: float | None = None
    ratio_label: str = ""
    target: Target | None = None
    runs: int = 0
    note: str = ""

    @classmethod
    def against(
        cls,
        case: str,
        measure: str,
        value: float,
        baseline_label: str,
        baseline: float,
        *,
        target: Target | None = None,
        runs: int = 0,
    ) -> Row:
        """A row whose ratio is ``value / baseline``, both medians of the same run."""
        return cls(
            case,
            measure,
            value,
            baseline_label=baseline_label,
            baseline=baseline,
            ratio=value / baseline,
            target=target,
            runs=runs,
        )

    @property
    def met(self) -> bool | None:
        if self.note or self.target is None:
            return None
        return self.target.met(self.value, self.ratio)


def unavailable(case: str, measure: str, reason: str, target: Target | None = None) -> Row:
    """A row for a measurement that could not be taken this time."""
    one_line = " ".join(reason.split())
    if len(one_line) > 160:
        one_line = one_line[:157] + "..."
    return Row(case, measure, None, target=target, note=f"n/a ({one_line})")


def format_number(x: float) -> str:
    """Compact, readable: 3 significant digits for small numbers, thousands separators."""
    return "0" if x == 0 else format_figure(x)


def format_quantity(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s" and value < 1:
        return f"{format_number(value * 1000)} ms"
    return f"{format_number(value)} {unit}".rstrip()


def _verdict(row: Row) -> str:
    met = row.met
    if met is None:
        return "" if row.target is None else "?"
    return "✔" if met else "✘"


COLUMNS = ("Case", "Measure", "Median", "Baseline (same run)", "Ratio", "Target", "Met", "Runs")


def row_cells(row: Row) -> tuple[str, ...]:
    target = row.target.describe() if row.target else ""
    if row.note:
        return (row.case, row.measure, row.note, "", "", target, _verdict(row), "")
    baseline = ""
    if row.baseline_label:
        baseline = f"{row.baseline_label}: {format_quantity(row.baseline, row.unit)}"
    ratio = ""
    if row.ratio is not None:
        ratio = f"{format_number(row.ratio)}×"
        if row.ratio_label:
            ratio += f" {row.ratio_label}"
    runs = str(row.runs) if row.runs else ""
    return (
        row.case,
        row.measure,
        format_quantity(row.value, row.unit),
        baseline,
        ratio,
        target,
        _verdict(row),
        runs,
    )


def format_table(rows: Sequence[Row]) -> str:
    """A fixed-width text table (what ``make bench`` prints)."""
    cells = [COLUMNS, *(row_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, line in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(_md_escape(c) for c in row_cells(row)) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ machine
def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _git(root: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def source_revision(root: Path) -> str:
    """The commit measured, and whether tracked files differed from it (others' work)."""
    try:
        head = _git(root, "rev-parse", "--short", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except OSError:
        return "unknown"
    if not head:
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def _revisions(start: str | None) -> str:
    end = source_revision(Path(__file__).resolve().parent.parent)
    if start is None or start == end:
        return end
    return f"{start} at the start, {end} at the end (the code changed during the run)"


def machine_facts(
    now: _dt.datetime | None = None, start_revision: str | None = None
) -> dict[str, str]:
    """What a reader needs to judge the numbers: CPU, cores, RAM, OS, Python, versions, date."""
    ram = _ram_gib()
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    when = now or _dt.datetime.now(_dt.UTC)
    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:  # pragma: no cover - not available
        load = "unknown"
    return {
        "Date": when.strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": _cpu_model(),
        "Cores": f"{_usable_cores()} usable ({os.cpu_count()} online)",
        "RAM": f"{ram:.1f} GiB" if ram is not None else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "Packages": ", ".join(versions),
        "Load average at the end (1, 5, 15 min)": load,
        "Commit": _revisions(start_revision),
    }


# ------------------------------------------------------------------------ BENCHMARKS.md
def results_section(
    rows: Sequence[Row], facts: dict[str, str], command: str, extra: Iterable[str] = ()
) -> str:
    """The Markdown that goes between the two result markers."""
    met = [r for r in rows if r.met is not None]
    passed = sum(bool(r.met) for r in met)
    missing = sum(bool(r.note) for r in rows)
    lines = [
        RESULTS_START,
        "## Latest results",
        "",
        f"`{command}` — targets met: {passed} of {len(met)} measured"
        + (f" ({missing} not measurable this run)" if missing else "")
        + ".",
        "",
        *(f"- **{k}:** {v}" for k, v in facts.items()),
        "",
        format_markdown_table(rows),
        "",
        "Targets:",
        "",
        *target_summary(rows),
    ]
    notes = list(extra)
    if notes:
        lines += ["", *(f"- {n}" for n in notes)]
    lines += ["", RESULTS_END]
    return "\n".join(lines)


def target_summary(rows: Sequence[Row]) -> list[str]:
    """One bullet per row with a target: ✔ met, ✘ missed, ? not measured."""
    out = []
    for row in rows:
        if row.target is None:
            continue
        mark = _verdict(row)
        if row.note:
            got = row.note
        elif row.target.subject == "ratio" and row.ratio is not None:
            got = f"{format_number(row.ratio)}×"
        else:
            got = format_quantity(row.value, row.unit)
        out.append(f"- {mark} {row.case} — {row.measure}: {got} (target {row.target.describe()})")
    return out


def update_benchmarks_md(path: Path, section: str) -> None:
    """Replace the results section of ``path`` (or append it), keeping everything else."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(RESULTS_START) + r".*?" + re.escape(RESULTS_END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
