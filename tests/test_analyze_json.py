"""``lectern analyze --json`` writes its list with its own indenting encoder (the standard
library's is pure Python); the bytes must be exactly what ``json.dump`` would write."""

from __future__ import annotations

import io
import json
import math

from hypothesis import given
from hypothesis import strategies as st

from tui.analyze_cli import write_json_list

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
