"""Deterministic benchmark text: a 1,000-document corpus and one 100 MB file, written by a
word-level Markov chain trained on English shipped with the project, with a mood per document
so scores spread. The same seed gives byte-identical output, reused from :func:`data_dir`
while :data:`GENERATOR_VERSION` and the training text are unchanged.
"""

from __future__ import annotations

import ast
import hashlib
import os
import random
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 2
"""Bump whenever the generator's output for the same seed changes."""

ROOT = Path(__file__).resolve().parent.parent

CORPUS_DOCS = 1_000
CORPUS_BYTES = 5_000_000
BIG_FILE_BYTES = 100 * 1_000_000
DEFAULT_SEED = 20_240_607

# Common, inoffensive adjectives of clear polarity. Only those present in VADER's lexicon
# are used (checked at generation time), so every insertion moves the score.
_POSITIVE_WORDS = (
    "good great excellent happy strong safe wonderful fair honest peaceful brilliant "
    "proud hopeful successful generous remarkable positive impressive confident "
    "optimistic kind helpful healthy lovely pleasant"
)
_NEGATIVE_WORDS = (
    "bad terrible awful angry worried weak unfair hostile tragic dangerous violent "
    "corrupt painful sad disastrous cruel bitter reckless miserable horrible poor grim "
    "toxic chaotic ugly"
)
_BOOSTERS = ("very", "extremely", "really", "deeply", "somewhat", "rather")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})
_WORD = re.compile(r"[A-Za-z]+")


# ----------------------------------------------------------------------- training text
def _string_list(node: ast.AST) -> list[str]:
    if isinstance(node, ast.List | ast.Tuple):
        return [
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def _assigned_strings(source: str, names: set[str]) -> list[str]:
    """String literals assigned to any of ``names`` anywhere in ``source`` (never executed)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in names for t in node.targets
        ):
            found += _string_list(node.value)
    return found


def _split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s.strip()]


def news_sentences(root: Path = ROOT) -> list[str]:
    """Real news sentences: every line of the seed articles plus the news test sample."""
    sentences: list[str] = []
    for path in sorted((root / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences += _split_sentences(line)
    news_file = root / "tests" / "analysis" / "test_sentences.py"
    if news_file.is_file():
        sentences += _assigned_strings(news_file.read_text(encoding="utf-8"), {"NEWS"})
    return sentences


def example_sentences() -> list[str]:
    """vaderSentiment's example sentences (real, sentiment-laden English)."""
    import vaderSentiment.vaderSentiment as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    found = _assigned_strings(source, {"sentences", "tricky_sentences", "paragraph"})
    out: list[str] = []
    for text in found:
        for sentence in _split_sentences(text):
            # Emoji and emoticon demos are not prose.
            if sentence.isascii() and ":)" not in sentence and len(sentence.split()) >= 3:
                out.append(sentence)
    return out


def lexicon() -> dict[str, float]:
    """VADER's lexicon as shipped by the pinned vaderSentiment (not a user's nltk_data)."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    words: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2:
            try:
                words[fields[0]] = float(fields[1])
            except ValueError:
                continue
    return words


# ------------------------------------------------------------------------ Markov chain
_START = ("", "")


class MarkovChain:
    """Word-level order-2 Markov chain with order-1 back-off, trained on whole sentences."""

    def __init__(self, sentences: Sequence[str], backoff: float = 0.3) -> None:
        self.backoff = backoff
        self.order2: dict[tuple[str, str], list[str]] = {}
        self.order1: dict[str, list[str]] = {}
        for sentence in sentences:
            words = sentence.split()
            if len(words) < 3:
                continue
            prev = _START
            for word in [*words, ""]:  # "" ends the sentence
                self.order2.setdefault(prev, []).append(word)
                if prev[1]:
                    self.order1.setdefault(prev[1], []).append(word)
                prev = (prev[1], word)
        if _START not in self.order2:
            raise ValueError("no training sentences of three words or more")

    def sentence(self, rng: random.Random, max_words: int = 60) -> str:
        """One generated sentence (ends where a training sentence ended, or at ``max_words``)."""
        words: list[str] = []
        prev = _START
        while len(words) < max_words:
            if prev[1] and rng.random() < self.backoff:
                choices = self.order1.get(prev[1]) or self.order2[prev]
            else:
                choices = self.order2.get(prev) or self.order1.get(prev[1]) or [""]
            word = rng.choice(choices)
            if not word:
                break
            words.append(word)
            prev = (prev[1], word)
        text = " ".join(words)
        if text and text[-1] not in '.!?\u201d"':
            text += "."
        return text


# ---------------------------------------------------------------------------- documents
@dataclass(frozen=True, slots=True)
class Training:
    """Everything the generator learns from, plus a fingerprint of it for cache keys."""

    chain: MarkovChain
    examples: tuple[str, ...]
    polar: frozenset[str]
    """Lexicon words (lower case) strong enough to re-draw in an example sentence."""
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    fingerprint: str


def load_training(root: Path = ROOT) -> Training:
    news = news_sentences(root)
    examples = example_sentences()
    words = lexicon()
    polar = frozenset(w for w, v in words.items() if abs(v) >= 1.0 and w.isalpha())
    positive = tuple(w for w in _POSITIVE_WORDS.split() if words.get(w, 0.0) > 0.5)
    negative = tuple(w for w in _NEGATIVE_WORDS.split() if words.get(w, 0.0) < -0.5)
    digest = hashlib.sha256()
    for part in (*news, "\0", *examples, "\0", *positive, "\0", *negative, "\0", *sorted(polar)):
        digest.update(part.encode("utf-8") + b"\n")
    digest.update(f"v{GENERATOR_VERSION}".encode())
    return Training(
        MarkovChain(news), tuple(examples), polar, positive, negative, digest.hexdigest()[:12]
    )


class _Writer:
    """Sentences for one document of a given mood (-1 negative ... +1 positive)."""

    def __init__(self, training: Training, rng: random.Random, mood: float) -> None:
        self.t = training
        self.rng = rng
        self.mood = mood
        self.strength = abs(mood)

    def _mood_word(self) -> str:
        rng = self.rng
        # Mostly the document's polarity, sometimes the other one: real text is mixed.
        positive = rng.random() < (0.5 + self.mood / 2) * 0.85 + 0.075
        word = rng.choice(self.t.positive if positive else self.t.negative)
        if rng.random() < 0.15:
            word = f"{rng.choice(_BOOSTERS)} {word}"
        return word

    def _with_adjective(self, sentence: str) -> str:
        words = sentence.split()
        slots = [i for i, w in enumerate(words[:-1]) if w.lower() in _DETERMINERS]
        if not slots:
            return sentence
        i = self.rng.choice(slots)
        words.insert(i + 1, self._mood_word())
        return " ".join(words)

    def _example(self) -> str:
        """A real sentiment-laden sentence with its polar adjectives re-drawn for the mood."""
        sentence = self.rng.choice(self.t.examples).replace("VADER", "The report")

        def redraw(match: re.Match[str]) -> str:
            word = match.group()
            if word.lower() not in self.t.polar:
                return word
            new = self._mood_word()
            return new.upper() if word.isupper() and len(word) > 1 else new

        text = _WORD.sub(redraw, sentence)
        return text if text[-1] in ".!?" else text + "."

    def sentence(self) -> str:
        r = self.rng.random()
        if r < 0.06 + 0.12 * self.strength:
            return self._example()
        text = self.t.chain.sentence(self.rng)
        if r < 0.2 + 0.45 * self.strength:
            text = self._with_adjective(text)
        return text

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 7)))

    def title(self) -> str:
        words = self.t.chain.sentence(self.rng).rstrip(".!?").split()
        return " ".join(words[: self.rng.randint(4, 9)]).strip(",;:") or "Untitled"


def _mood(rng: random.Random) -> float:
    return max(-1.0, min(1.0, rng.gauss(0.0, 0.55)))


def generate_document(training: Training, seed: int, target_bytes: int) -> str:
    """One document: a title line, then paragraphs until about ``target_bytes`` (UTF-8)."""
    rng = random.Random(seed)
    writer = _Writer(training, rng, _mood(rng))
    parts = [writer.title()]
    size = len(parts[0].encode("utf-8"))
    while size < target_bytes:
        paragraph = writer.paragraph()
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def document_sizes(seed: int, count: int, total_bytes: int) -> list[int]:
    """Log-normal sizes (a few KB each, a few much longer) scaled to sum to ``total_bytes``."""
    rng = random.Random(seed)
    raw = [min(8.0, max(0.25, rng.lognormvariate(0.0, 0.5))) for _ in range(count)]
    scale = total_bytes / sum(raw)
    return [max(400, int(r * scale)) for r in raw]


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:5]
    return "-".join(words) or "untitled"


def corpus_documents(
    training: Training,
    *,
    seed: int = DEFAULT_SEED,
    count: int = CORPUS_DOCS,
    total_bytes: int = CORPUS_BYTES,
) -> Iterator[tuple[str, str]]:
    """(file name, text) for every corpus document, in order."""
    for i, size in enumerate(document_sizes(seed, count, total_bytes)):
        text = generate_document(training, seed * 100_003 + i, size)
        yield f"{i:04d}-{_slug(text.split(chr(10), 1)[0])}.txt", text


def big_text_chunks(
    training: Training, *, seed: int = DEFAULT_SEED, total_bytes: int = BIG_FILE_BYTES
) -> Iterator[str]:
    """About ``total_bytes`` of one long book, a chapter per chunk; each chapter has its own
    mood, like the documents of the corpus."""
    rng = random.Random(seed)
    title = _Writer(training, rng, 0.0).title()
    yield f"{title}\n\n"
    written = len(title) + 2
    chapter = 0
    while written < total_bytes:
        chapter += 1
        writer = _Writer(training, random.Random(seed * 100_003 + chapter), _mood(rng))
        paragraphs = [writer.paragraph() for _ in range(rng.randint(20, 60))]
        text = "\n\n".join([f"Chapter {chapter}", *paragraphs]) + "\n\n"
        written += len(text.encode("utf-8"))
        yield text


# ----------------------------------------------------------------------------- on disk
def data_dir() -> Path:
    """Where generated data is kept between runs: ``$LECTERN_BENCH_DATA`` or a folder in the
    system temp dir (never the repository: nothing generated must be committed)."""
    env = os.environ.get("LECTERN_BENCH_DATA")
    return Path(env) if env else Path(tempfile.gettempdir()) / "lectern-bench-data"


def _replace_stale(folder: Path, prefix: str, keep: str) -> None:
    """Delete other generations of this kind (and leftovers of interrupted ones): the big
    file alone is 100 MB of temp space."""
    for old in [*folder.glob(f"{prefix}-*"), *folder.glob(f".tmp-{prefix}-*")]:
        if old.name == keep:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def ensure_corpus(
    *,
    seed: int = DEFAULT_SEED,
    count: int = CORPUS_DOCS,
    total_bytes: int = CORPUS_BYTES,
    root: Path | None = None,
) -> Path:
    """The corpus folder, generated unless an identical one (same version, training text,
    seed and size) is already there. Written to a temp name and renamed, so a half-written
    corpus is never reused."""
    training = load_training()
    base = root or data_dir()
    name = f"corpus-{training.fingerprint}-{seed}-{count}-{total_bytes}"
    target = base / name
    if target.is_dir():
        return target
    base.mkdir(parents=True, exist_ok=True)
    _replace_stale(base, "corpus", name)
    work = Path(tempfile.mkdtemp(prefix=".tmp-corpus-", dir=base))
    for file_name, text in corpus_documents(
        training, seed=seed, count=count, total_bytes=total_bytes
    ):
        (work / file_name).write_text(text, encoding="utf-8")
    work.rename(target)
    return target


def ensure_big_file(
    *, seed: int = DEFAULT_SEED, total_bytes: int = BIG_FILE_BYTES, root: Path | None = None
) -> Path:
    """The big text file (see :func:`big_text_chunks`), generated once per version."""
    training = load_training()
    base = root or data_dir()
    name = f"big-{training.fingerprint}-{seed}-{total_bytes}"
    target = base / name / "book.txt"
    if target.is_file():
        return target
    base.mkdir(parents=True, exist_ok=True)
    _replace_stale(base, "big", name)
    work = Path(tempfile.mkdtemp(prefix=".tmp-big-", dir=base))
    with (work / "book.txt").open("w", encoding="utf-8") as fh:
        for chunk in big_text_chunks(training, seed=seed, total_bytes=total_bytes):
            fh.write(chunk)
    work.rename(target.parent)
    return target


def first_words(text: str, limit: int = 24) -> str:
    """The start of the first prose paragraph after the title (not a heading), cut at a
    word boundary: what a benchmark waits for to know the reading pane shows the text."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    prose = [p for p in paragraphs[1:] if len(p.split()) >= 6]
    body = prose[0] if prose else paragraphs[-1]
    out = ""
    for word in body.split():
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out} {word}" if out else word
    return out or body[:limit]
