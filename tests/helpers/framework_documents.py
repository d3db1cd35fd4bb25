"""Generators of framework documents for the property tests: the schema's shape, with
hostile values and unknown fields mixed in."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

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
