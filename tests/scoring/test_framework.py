from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import THEMES, reference_overall
from schema_reference import schema_error

import coterminous as ct


def test_builtins():
    assert ct.Framework.names() == ["ale", "cpa_use_of_resources", "cqc_la_assessment"]
    cpa = ct.Framework.builtin("cpa_use_of_resources")
    assert cpa.name == "cpa_use_of_resources"
    assert cpa.themes == THEMES
    assert (cpa.scale.min, cpa.scale.max) == (1, 4)
    assert cpa.scale.values == [1, 2, 3, 4]
    assert set(cpa.scale.labels) == {1, 2, 3, 4}
    assert "inadequate" in cpa.scale.labels[1]
    assert cpa.has_overall
    ale = ct.Framework.builtin("ale")
    assert ale.themes == THEMES and not ale.has_overall
    with pytest.raises(ValueError, match='no built-in framework "nope"'):
        ct.Framework.builtin("nope")


def test_overall_rule_exhaustive(all_combinations):
    cpa = ct.Framework.builtin("cpa_use_of_resources")
    for row in all_combinations.tolist():
        assert cpa.overall_of(row) == reference_overall(row), row


@pytest.mark.parametrize("name", ["ale", "cpa_use_of_resources", "cqc_la_assessment"])
def test_round_trip_exact(name, tmp_path: Path):
    fw = ct.Framework.builtin(name)
    text = fw.to_json()
    again = ct.Framework.from_json(text)
    assert again == fw and again.to_json() == text
    assert ct.Framework.from_json(text.encode()) == fw
    p = tmp_path / "fw.json"
    p.write_text(text)
    assert ct.Framework.load(p) == fw
    assert json.loads(text)["name"] == name


def _doc(**changes):
    doc = json.loads(ct.Framework.builtin("cpa_use_of_resources").to_json())
    doc.update(changes)
    return doc


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (_doc(colour="red"), "$.colour"),
        (_doc(themes=[]), "$.themes"),
        (_doc(scale={"min": 4, "max": 1, "labels": []}), "$.scale"),
        (_doc(scale={"min": 1.5, "max": 4, "labels": []}), "$.scale.min"),
        (_doc(scale={"min": 1, "max": 2, "labels": [{"value": 1, "label": "a"}]}), "$.scale.labels"),
        (
            _doc(
                overall={
                    "rules": [{"overall": 4, "when": [{"min": {"themes": ["nope"], "at_least": 3}}]}],
                    "default": 1,
                }
            ),
            "$.overall.rules[0].when[0].min.themes[0]",
        ),
        (
            _doc(overall={"rules": [{"overall": 4, "when": [{"median": {"at_least": 3}}]}], "default": 1}),
            "$.overall.rules[0].when[0]",
        ),
        (
            _doc(overall={"rules": [{"overall": 4, "when": [{"total": {}}]}], "default": 1}),
            "$.overall.rules[0].when[0].total",
        ),
    ],
)
def test_framework_errors_name_the_json_path(doc, path):
    with pytest.raises(ct.FrameworkError) as e:
        ct.Framework.from_json(json.dumps(doc))
    assert isinstance(e.value, ValueError)
    assert str(e.value).startswith(f"framework {path}:"), str(e.value)


def test_not_json():
    with pytest.raises(ct.FrameworkError, match=r"framework \$"):
        ct.Framework.from_json("{not json")


def test_subset_rule_like_cpa_stars():
    # "level 1 services: none less than 3; level 2: no more than one less than 2"
    doc = _doc(
        name="stars",
        overall={
            "rules": [
                {
                    "overall": 4,
                    "when": [
                        {"min": {"themes": THEMES[:2], "at_least": 3}},
                        {"count": {"themes": THEMES[2:], "score": {"at_most": 1}, "at_most": 1}},
                    ],
                },
                {"overall": 2, "when": [{"total": {"themes": THEMES[2:], "at_least": 9}}]},
            ],
            "default": 0,
        },
    )
    fw = ct.Framework.from_json(json.dumps(doc))
    assert fw.overall_of([3, 3, 1, 2, 2]) == 4
    assert fw.overall_of([3, 3, 1, 1, 2]) == 0
    assert fw.overall_of([2, 3, 3, 3, 3]) == 2
    assert fw.overall_of([2, 3, 3, 3, 2]) == 0


# --- issue 9 items 2 and 16: integers of a document are bounded; overall_of checks the scale


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"scale": {"min": -(2**63), "max": -(2**63), "labels": [{"value": -(2**63), "label": "x"}]}}, "$.scale.min"),
        ({"scale": {"min": 1, "max": 2**24 + 1, "labels": []}}, "$.scale.max"),
        ({"scale": {"min": 1, "max": 2**64, "labels": []}}, "$.scale.max"),
        ({"overall": {"rules": [], "default": -(2**63)}}, "$.overall.default"),
        ({"overall": {"rules": [{"overall": -(2**63), "when": []}], "default": 1}}, "$.overall.rules[0].overall"),
        (
            {"overall": {"rules": [{"overall": 2, "when": [{"total": {"at_most": -(2**63)}}]}], "default": 1}},
            "$.overall.rules[0].when[0].total.at_most",
        ),
        (
            {"overall": {"rules": [{"overall": 2, "when": [{"count": {"score": {"at_least": 2**31}}}]}], "default": 1}},
            "$.overall.rules[0].when[0].count.score.at_least",
        ),
        (
            {"overall": {"rules": [], "default": 1, "labels": [{"value": 2**40, "label": "x"}]}},
            "$.overall.labels[0].value",
        ),
    ],
)
def test_extreme_integers_are_refused(change, path):
    with pytest.raises(ct.FrameworkError) as e:
        ct.Framework.from_json(json.dumps(_doc(**change)))
    assert str(e.value).startswith(f"framework {path}:"), str(e.value)


def test_overall_values_at_the_bounds_agree_between_score_and_overall_of():
    # before the fix, an overall value or default of -2**63 gave 0 from score and -2**63
    # from overall_of; the bound is now ±2**24, and both give the same value there
    for value in (-(2**24), 2**24):
        fw = ct.Framework.from_json(
            json.dumps(
                _doc(overall={"rules": [{"overall": value, "when": [{"min": {"at_least": 4}}]}], "default": value})
            )
        )
        assert fw.overall_of([1] * 5) == value
        assert ct.score(np.ones((1, 5), dtype=np.int8), fw)["overall"].tolist() == [value]


def test_overall_of_checks_the_scale():
    cpa = ct.Framework.builtin("cpa_use_of_resources")
    with pytest.raises(
        ct.ScoreError, match=r'theme "financial_reporting" \(position 0\): 99 is not an integer from 1 to 4'
    ):
        cpa.overall_of([99] * 5)
    with pytest.raises(ct.ScoreError, match="value_for_money"):
        cpa.overall_of([4, 4, 4, 4, 0])
    assert cpa.overall_of([4, 4, 3, None, None]) == 4
    assert cpa.overall_of([None] * 5) is None


# --- groups, labels, direction, percent rules


def _grouped(**overall):
    return {
        "name": "grouped",
        "title": "Grouped",
        "groups": [{"key": "x", "label": "X"}, {"key": "y", "label": "Y"}],
        "themes": [
            {"key": "a", "label": "A", "group": "x"},
            {"key": "b", "label": "B", "group": "x"},
            {"key": "c", "label": "C", "group": "y"},
        ],
        "scale": {"min": 1, "max": 4, "labels": [{"value": v, "label": str(v)} for v in range(1, 5)]},
        "overall": {"rules": [], "default": 0, **overall},
    }


def test_lower_is_better_scale():
    # a framework where segment 1 is best: the direction is data, read by fw.scale.direction
    doc = _grouped()
    doc["scale"]["direction"] = "lower_is_better"
    doc["overall"] = {
        "rules": [{"overall": 1, "description": "every theme in segment 1", "when": [{"max": {"at_most": 1}}]}],
        "default": 2,
        "labels": [{"value": 1, "label": "best"}, {"value": 2, "label": "other"}],
    }
    fw = ct.Framework.from_json(json.dumps(doc))
    assert fw.scale.direction == "lower_is_better"
    assert ct.Framework.builtin("ale").scale.direction == "higher_is_better"
    assert fw.overall_of([1, 1, 1]) == 1 and fw.overall_of([1, 2, 1]) == 2
    assert json.loads(fw.to_json())["scale"]["direction"] == "lower_is_better"
    assert "direction" not in json.loads(ct.Framework.builtin("ale").to_json())["scale"]


def test_group_conditions_and_labels():
    fw = ct.Framework.from_json(
        json.dumps(
            _grouped(
                rules=[{"overall": 2, "when": [{"min": {"group": "x", "at_least": 3}}]}],
                default=1,
                labels=[{"value": 1, "label": "no"}, {"value": 2, "label": "yes"}],
            )
        )
    )
    assert fw.groups == {"x": "X", "y": "Y"} and fw.theme_groups == {"a": "x", "b": "x", "c": "y"}
    assert fw.overall_of([3, 4, 1]) == 2 and fw.overall_of([2, 4, 4]) == 1
    out = ct.score(pl.DataFrame({"a": [3, 2], "b": [4, 4], "c": [1, 4]}), fw, labels=True)
    assert out["overall_label"].to_list() == ["yes", "no"]
    with pytest.raises(ct.FrameworkError, match=r"framework \$.overall.labels"):
        ct.score(pl.DataFrame({"a": [3], "b": [4], "c": [1]}), fw, labels=True, overall=False)
    with pytest.raises(ct.FrameworkError, match="no overall labels"):
        ct.score(np.ones((1, 5)), "cpa_use_of_resources", labels=True)


def test_percent_needs_a_stated_rounding_and_a_nonnegative_scale():
    doc = _grouped(rules=[{"overall": 1, "when": [{"percent": {"at_least": 50}}]}])
    with pytest.raises(ct.FrameworkError, match=r"^framework \$.overall.percent_rounding:"):
        ct.Framework.from_json(json.dumps(doc))
    doc["overall"]["percent_rounding"] = "down"
    assert ct.Framework.from_json(json.dumps(doc)).overall_of([2, 2, 2]) == 1
    neg = json.loads(json.dumps(_doc()))
    neg["scale"] = {"min": -1, "max": 1, "labels": [{"value": v, "label": str(v)} for v in (-1, 0, 1)]}
    neg.pop("overall")
    fw = ct.Framework.from_json(json.dumps(neg))
    with pytest.raises(ct.FrameworkError, match=r"^framework \$.scale: a percentage"):
        ct.score(np.zeros((1, 5)), fw, percent=True)


# --- the registry of the user's frameworks


def test_register_and_score_by_name(tmp_path: Path):
    doc = _doc(name="my_framework")
    p = tmp_path / "my.json"
    p.write_text(json.dumps(doc))
    fw = ct.Framework.load(p)
    assert "my_framework" not in ct.Framework.names()
    with pytest.raises(ct.CoterminousValueError, match="no built-in or registered framework"):
        ct.score(np.ones((1, 5)), "my_framework")
    ct.Framework.register(fw)
    try:
        assert ct.Framework.names() == ["ale", "cpa_use_of_resources", "cqc_la_assessment", "my_framework"]
        assert ct.Framework.get("my_framework") is fw
        assert ct.score(np.full((1, 5), 4), "my_framework")["overall"].tolist() == [4]
        ct.Framework.register(ct.Framework.from_json(json.dumps(doc)))  # the same document again: fine
        other = ct.Framework.from_json(json.dumps({**doc, "title": "another"}))
        with pytest.raises(ct.CoterminousValueError, match="replace=True"):
            ct.Framework.register(other)
        ct.Framework.register(other, replace=True)
        assert ct.Framework.get("my_framework").title == "another"
        with pytest.raises(ct.CoterminousValueError, match="built-in"):
            ct.Framework.register(ct.Framework.builtin("ale"))
        with pytest.raises(ct.CoterminousTypeError):
            ct.Framework.register("my_framework")  # type: ignore[arg-type]
    finally:
        ct.Framework.unregister("my_framework")
    assert "my_framework" not in ct.Framework.names()
    with pytest.raises(ct.CoterminousValueError):
        ct.Framework.unregister("my_framework")


# --- the JSON Schema


def _validate(instance, schema):
    """The first error of ``instance`` against ``schema`` by jsonschema, or None."""
    return schema_error(instance, schema)


SCHEMA = ct.Framework.json_schema()


def _objects(node, path=()):
    """Every JSON object in ``node`` with its path of keys and indices."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _objects(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _objects(v, (*path, i))


@pytest.mark.parametrize("name", ["cpa_use_of_resources", "cqc_la_assessment"])
def test_an_unknown_field_anywhere_is_refused_by_the_core_and_the_schema(name):
    doc = json.loads(ct.Framework.builtin(name).to_json())
    for path, _ in list(_objects(doc)):
        bad = json.loads(json.dumps(doc))
        target = bad
        for step in path:
            target = target[step]
        target["colour"] = 1
        assert _validate(bad, SCHEMA) is not None, path
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        with pytest.raises(ct.FrameworkError) as e:
            ct.Framework.from_json(json.dumps(bad))
        assert str(e.value).startswith(f"framework {where}"), (where, str(e.value))


def test_json_schema_accepts_the_builtins_and_refuses_unknown_fields():
    schema = ct.Framework.json_schema()
    shipped = json.loads((Path(ct.__file__).parent / "data" / "framework.schema.json").read_text())
    assert schema == shipped and schema["$schema"].endswith("2020-12/schema")
    for name in ct.Framework.names():
        assert _validate(json.loads(ct.Framework.builtin(name).to_json()), schema) is None, name
    doc = json.loads(ct.Framework.builtin("cqc_la_assessment").to_json())
    assert "'colour' was unexpected" in _validate({**doc, "colour": "red"}, schema)
    doc["overall"]["rules"][0]["when"][0]["percent"]["weight"] = 2
    assert _validate(doc, schema) is not None
    assert _validate(_doc(scale={"min": -(2**63), "max": 1, "labels": []}), schema) is not None
    grouped = _grouped(
        rules=[{"overall": 1, "when": [{"count": {"group": "x", "score": {"at_least": 3}, "at_least": 1}}]}]
    )
    assert _validate(grouped, schema) is None


# --- property test: random rule tables against a plain Python evaluator


def _reference(doc, scores):
    """First matching rule over the assessed themes (None = not assessed), written from the
    documented meaning of each condition."""
    keys = [t["key"] for t in doc["themes"]]
    groups = {t["key"]: t.get("group") for t in doc["themes"]}
    top = doc["scale"]["max"]
    rounding = doc["overall"].get("percent_rounding")
    if all(s is None for s in scores):
        return None

    def within(v, b):
        return ("at_least" not in b or v >= b["at_least"]) and ("at_most" not in b or v <= b["at_most"])

    def holds(cond):
        ((kind, c),) = cond.items()
        subset = c.get("themes") or [k for k in keys if "group" not in c or groups[k] == c["group"]]
        vals = [scores[keys.index(k)] for k in subset if scores[keys.index(k)] is not None]
        if kind == "count":
            return within(sum(within(v, c["score"]) for v in vals), c)
        if kind == "total":
            return within(sum(vals), c)
        if not vals:
            return False
        if kind == "min":
            return within(min(vals), c)
        if kind == "max":
            return within(max(vals), c)
        p = Fraction(100 * sum(vals), len(vals) * top)
        if rounding == "half_up":
            p = math.floor(p + Fraction(1, 2))
        elif rounding == "down":
            p = math.floor(p)
        return within(p, c)

    for rule in doc["overall"]["rules"]:
        if all(holds(c) for c in rule["when"]):
            return rule["overall"]
    return doc["overall"]["default"]


def _bound(draw, lo, hi):
    a, b = sorted(draw(st.lists(st.integers(lo, hi), min_size=2, max_size=2)))
    which = draw(st.sampled_from(["at_least", "at_most", "both"]))
    return (
        {"at_least": a}
        if which == "at_least"
        else {"at_most": b}
        if which == "at_most"
        else {"at_least": a, "at_most": b}
    )


@st.composite
def _documents(draw):
    doc = _grouped()

    def condition():
        kind = draw(st.sampled_from(["count", "min", "max", "total", "percent"]))
        sub = draw(st.sampled_from([{}, {"group": "x"}, {"group": "y"}, {"themes": ["c", "a"]}]))
        if kind == "count":
            return {"count": {**sub, "score": _bound(draw, 1, 4), **_bound(draw, 0, 3)}}
        limits = {"total": (0, 12), "percent": (20, 100)}.get(kind, (1, 4))
        return {kind: {**sub, **_bound(draw, *limits)}}

    rules = [
        {"overall": draw(st.integers(0, 5)), "when": [condition() for _ in range(draw(st.integers(0, 3)))]}
        for _ in range(draw(st.integers(0, 4)))
    ]
    doc["overall"] = {
        "rules": rules,
        "default": draw(st.integers(0, 5)),
        "percent_rounding": draw(st.sampled_from(["half_up", "down", "none"])),
    }
    return doc


@settings(max_examples=300, deadline=None)
@given(
    _documents(),
    st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=3, max_size=3), min_size=1, max_size=8),
)
def test_property_rules_match_the_reference(doc, rows):
    fw = ct.Framework.from_json(json.dumps(doc))
    assert _validate(doc, SCHEMA) is None  # what the core accepts, the schema accepts
    expected = [_reference(doc, r) for r in rows]
    assert [fw.overall_of(r) for r in rows] == expected
    data = pd.DataFrame([[pd.NA if s is None else s for s in r] for r in rows], columns=["a", "b", "c"]).astype("Int64")
    out = ct.score(data, fw, missing="skip")
    assert [None if v is pd.NA else v for v in out["overall"].tolist()] == expected
    full = [r for r in rows if None not in r]
    if full:
        assert ct.score(np.array(full), fw)["overall"].tolist() == [_reference(doc, r) for r in full]
