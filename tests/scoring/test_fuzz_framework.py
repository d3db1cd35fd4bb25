"""Fuzzed framework documents and hostile text: every failure is a coterminous error.

The properties run hypothesis's bounded default in CI; ``tools/fuzz.py`` raises the counts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.errors import CoterminousError, FrameworkError

LONE_SURROGATES = ["\ud800", "\udfff", "\udc00"]

# integers at and around the document's limits (2^24 for scale values, 2^30 for bounds)
EXTREME_INTS = [-(2**63), 2**63 - 1, 2**64, -(2**24) - 1, 2**24, 2**24 + 1, 2**30 + 1, 2**53 + 1]
hostile_ints = st.one_of(st.integers(-5, 5), st.sampled_from(EXTREME_INTS), st.integers())
hostile_text = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", " ", "İstanbul", "\u0000", "\ufeff", "\U0010ffff", *LONE_SURROGATES]),
)
json_leaves = st.one_of(st.none(), st.booleans(), hostile_ints, st.floats(allow_nan=False), hostile_text)
hostile_json = st.recursive(
    json_leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=20,
)


small_ints = st.integers(-5, 5)
# mostly small integers, so that many documents are valid and the round trip is exercised
any_ints = st.one_of(small_ints, small_ints, small_ints, hostile_ints)
plain = st.sampled_from(["x", "Label", "Ümlaut ✓", "東京"])
any_texts = st.one_of(plain, plain, plain, hostile_text)


@st.composite
def documents(draw: st.DrawFn, hostile: bool = True) -> dict[str, Any]:
    """A document of the schema's shape, with hostile values and unknown fields mixed in
    (with ``hostile=False``: small integers and plain text, so most are valid)."""
    ints = any_ints if hostile else small_ints
    texts = any_texts if hostile else plain
    keys = draw(st.lists(st.one_of(st.sampled_from("abcdefgh"), texts), min_size=1, max_size=6, unique=True))
    lo = draw(ints)
    hi = draw(st.one_of(st.integers(0, 4).map(lambda w: lo + w), ints))
    n_labels = max(0, min(hi - lo + 1, 6))
    doc: dict[str, Any] = {
        "name": draw(texts),
        "title": draw(texts),
        "themes": [{"key": k, "label": draw(texts)} for k in keys],
        "scale": {"min": lo, "max": hi, "labels": [{"value": lo + i, "label": "x"} for i in range(n_labels)]},
    }
    if draw(st.booleans()):
        bound = st.fixed_dictionaries({}, optional={"at_least": ints, "at_most": ints})
        condition = st.one_of(
            st.builds(lambda b, s: {"count": {**b, "score": s}}, bound, bound),
            *(bound.map(lambda b, kind=kind: {kind: b}) for kind in ("min", "max", "total", "percent")),
        )
        rules = st.lists(st.fixed_dictionaries({"overall": ints, "when": st.lists(condition, max_size=3)}), max_size=4)
        doc["overall"] = {"rules": draw(rules), "default": draw(ints)}
        if draw(st.booleans()):
            doc["overall"]["percent_rounding"] = draw(st.sampled_from(["half_up", "down", "none"]))
    if hostile and draw(st.integers(0, 3)) == 0:
        # one hostile value somewhere, or an unknown field
        where = draw(st.sampled_from([doc, doc["scale"], *doc["themes"], *doc.get("overall", {}).get("rules", [])]))
        where[draw(st.sampled_from([*where.keys(), "unknown"]))] = draw(hostile_json)
    return doc


def check_parse(text: str | bytes) -> None:
    """A framework or a FrameworkError naming a JSON path; an accepted one round-trips."""
    try:
        fw = ct.Framework.from_json(text)
    except FrameworkError as e:
        assert str(e).startswith("framework $"), str(e)
        return
    again = ct.Framework.from_json(fw.to_json())
    assert again.to_json() == fw.to_json()


@settings(deadline=None)
@given(st.one_of(documents(), documents(hostile=False)))
def test_fuzzed_documents_load_or_raise_framework_error(doc: dict[str, Any]) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    check_parse(text)
    if not any(s in text for s in LONE_SURROGATES):
        check_parse(text.encode())


@settings(deadline=None)
@given(st.one_of(st.text(), st.binary(), hostile_json.map(json.dumps)))
def test_any_text_loads_or_raises_framework_error(text: str | bytes) -> None:
    check_parse(text)


@pytest.mark.parametrize("surrogate", LONE_SURROGATES)
def test_a_lone_surrogate_in_a_str_document_is_a_framework_error(surrogate: str) -> None:
    # regression (issue 9 item 14): it was "text: expected str or bytes, got str"
    with pytest.raises(FrameworkError, match=r"framework \$: character 10 .* lone surrogate"):
        ct.Framework.from_json('{"name": "' + surrogate + '"}')
    # escaped in the JSON text, it is serde's error at the path
    with pytest.raises(FrameworkError, match=r"framework \$"):
        ct.Framework.from_json('{"name": "\\ud800"}')


@pytest.mark.parametrize("surrogate", LONE_SURROGATES)
def test_normalize_name_of_a_lone_surrogate_is_a_coterminous_error_or_a_string(surrogate: str) -> None:
    try:
        out = ct.normalize_name("Leeds " + surrogate)
    except CoterminousError:
        return
    assert isinstance(out, str)


def test_normalize_name_keeps_a_dotted_capital_i_in_its_word() -> None:
    # "council" is a sector word the normaliser drops; the place name stays one word
    assert ct.normalize_name("İstanbul Council") == "i\u0307stanbul"
    assert ct.normalize_name("Kadıköy and İzmir").split() == ["kadıköy", "and", "i\u0307zmir"]
