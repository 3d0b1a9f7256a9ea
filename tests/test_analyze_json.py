"""``lectern analyze --json`` writes its list with its own indenting encoder (the standard
library's is pure Python); the bytes must be exactly what ``json.dump`` would write."""

from __future__ import annotations

import io
import json
import math

from hypothesis import given
from hypothesis import strategies as st

from tui.headless.analyze import write_json_list

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: json writes NaN / Infinity
    | st.sampled_from([0.0, -0.0, 1e-7, 1e16, math.inf, -math.inf])
    | st.text()  # control characters, quotes, backslashes, surrogates, anything
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def written(items: list) -> str:
    out = io.StringIO()
    write_json_list(items, out)
    return out.getvalue()


@given(st.lists(values, max_size=5))
def test_same_bytes_as_json_dump(items: list) -> None:
    assert written(items) == json.dumps(items, ensure_ascii=False, indent=2)


def test_empty_list_and_nested_empties() -> None:
    for items in ([], [{}], [[]], [{"a": [], "b": {}}]):
        assert written(items) == json.dumps(items, ensure_ascii=False, indent=2)


def test_lectern_analyze_writes_what_json_dump_would(tmp_path, seeds_dir) -> None:
    """Documents are written member by member as they arrive (keywords last); the whole
    must still be byte for byte ``json.dump`` of the same list."""
    from tui.headless.analyze import run_analyze

    (tmp_path / 'odd "name" \\ é.txt').write_text(
        'A title with "quotes" and \\\\ backslashes\n\nSome text. More text here.\n',
        encoding="utf-8",
    )
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01" * 100)
    for sentences in (False, True):
        out = io.StringIO()
        run_analyze(
            [str(seeds_dir), str(tmp_path)],
            as_json=True,
            sentences=sentences,
            workers=1,
            out=out,
            err=io.StringIO(),
        )
        text = out.getvalue()
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        assert len(json.loads(text)) == 3


def test_document_text_matches_the_generic_writer(seeds_dir) -> None:
    from analysis.load.files import build_document, load_document
    from analysis.nlp.corpus import Corpus, analyze_document
    from tui.headless.analyze import _json_chunks, document_json, document_text

    corpus = Corpus()
    analyses = [analyze_document(load_document(p)) for p in sorted(seeds_dir.iterdir())]
    analyses.append(analyze_document(build_document("/d/empty.txt", "")))
    analyses.append(analyze_document(build_document('/d/"q".txt', 'Title "x"\n\nBad\\day. Ünï.')))
    for analysis in analyses:
        corpus.add(analysis)
    for index, analysis in enumerate(analyses):
        keywords = corpus.keywords(index, top=5)
        for top in (0, 2, 10):
            obj = document_json(analysis, keywords, sentences=False)
            obj["phrases"] = obj["phrases"][:top]
            chunks: list[str] = []
            _json_chunks(obj, "  ", chunks)
            assert document_text(analysis, keywords, top) == "".join(chunks)
