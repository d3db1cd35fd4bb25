"""``Framework.json_schema()`` and ``Framework.from_json`` agree (issue 19 item 25): a
document the parser accepts is valid by the schema (checked by ``jsonschema``, an independent
validator), and a document valid by the schema is accepted, or refused only by one of the
checks a schema cannot state (listed in the schema's description)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from framework_documents import LONE_SURROGATES, documents
from hypothesis import given, settings
from hypothesis import strategies as st
from schema_reference import schema_error

import coterminous as ct
from coterminous.errors import FrameworkError

SCHEMA = ct.Framework.json_schema()

#: The parser's checks that a JSON Schema cannot state (named in the schema's description).
SEMANTIC = (
    "is listed twice",
    "unknown group",
    "has no theme",
    "is greater than max",
    "needs one label for each value",
    "labels run from min to max in order",
    "state how it is rounded",
    "a percentage of the maximum needs",
    "is labelled twice",
    "has no label",
    "is greater than at_most",
    "unknown theme",
)

OPTIONAL = ("source", "group", "description", "percent_rounding", "labels", "overall", "themes", "at_least", "at_most")


def _mutate(node: Any, draw: st.DrawFn) -> Any:
    """Rewrite some integers as whole floats, and set some optional fields to null."""
    if isinstance(node, dict):
        out = {k: _mutate(v, draw) for k, v in node.items()}
        for k in list(out):
            if k in OPTIONAL and draw(st.integers(0, 5)) == 0:
                out[k] = None
        if draw(st.integers(0, 7)) == 0:
            out.setdefault(draw(st.sampled_from(["source", "description", "group", "themes"])), None)
        return out
    if isinstance(node, list):
        return [_mutate(v, draw) for v in node]
    if isinstance(node, int) and not isinstance(node, bool) and draw(st.integers(0, 3)) == 0:
        return float(node) if abs(node) < 2**53 else node
    return node


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(st.one_of(documents(), documents(hostile=False), documents(hostile=False)))
    themes = doc.get("themes")
    keys = [t["key"] for t in themes if isinstance(t, dict) and "key" in t] if isinstance(themes, list) else []
    rules = doc["overall"].get("rules") if isinstance(doc.get("overall"), dict) else None
    if keys and isinstance(rules, list) and draw(st.booleans()):
        # conditions naming themes and groups, both or neither
        for rule in rules:
            when = rule.get("when") if isinstance(rule, dict) else None  # a hostile "when" may be null
            for cond in when if isinstance(when, list) else []:
                body = next(iter(cond.values())) if isinstance(cond, dict) and len(cond) == 1 else None
                if not isinstance(body, dict):
                    continue
                if draw(st.booleans()):
                    body["themes"] = draw(st.lists(st.sampled_from(keys), max_size=3))
                if draw(st.integers(0, 3)) == 0:
                    body["group"] = "g"
    result: dict[str, Any] = _mutate(doc, draw)
    return result


def _verdicts(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the parser's error or None, the schema's error or None)."""
    try:
        ct.Framework.from_json(json.dumps(doc, ensure_ascii=False))
        core = None
    except FrameworkError as e:
        core = str(e)
    return core, schema_error(doc, SCHEMA)


@settings(deadline=None, max_examples=400)
@given(mutated())
def test_parser_and_schema_agree_on_random_documents(doc: dict[str, Any]) -> None:
    if any(s in json.dumps(doc, ensure_ascii=False) for s in LONE_SURROGATES):
        return  # not Unicode text, so not a JSON document (the fuzz test covers it)
    core, schema = _verdicts(doc)
    if core is None:
        assert schema is None, ("the parser accepts what the schema refuses", schema, doc)
    elif schema is None:
        assert any(s in core for s in SEMANTIC), ("the schema accepts what the parser refuses", core, doc)


def _cpa() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(ct.Framework.builtin("cpa_use_of_resources").to_json())
    return doc


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["scale"].update(min=1.0),
        lambda d: d["scale"].update(max=4e0),
        lambda d: d["overall"].update(default=1.0),
        lambda d: d["overall"]["rules"][0]["when"][0]["count"].update(at_least=2.0),
        lambda d: d.update(source=None),
        lambda d: d.update(overall=None),
        lambda d: d["overall"].update(labels=None, percent_rounding=None),
        lambda d: d["overall"]["rules"][0].update(description=None),
        lambda d: d["overall"]["rules"][0]["when"][0]["count"].update(themes=None, group=None),
    ],
)
def test_both_accept_whole_floats_and_nulls(change: Any) -> None:
    # regression: "min": 1.0 was valid by the schema but refused; "source": null and
    # "overall": null were accepted but invalid by the schema
    doc = _cpa()
    change(doc)
    assert _verdicts(doc) == (None, None)
    # written back canonically: integers as integers, nulls left out
    fw = ct.Framework.from_json(json.dumps(doc))
    assert "null" not in fw.to_json() and ".0" not in fw.to_json()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["scale"].update(min=1.5),
        lambda d: d["scale"].update(min=None),
        lambda d: d.update(name=" \t"),
        lambda d: d.update(groups=None),
        lambda d: d["overall"]["rules"][0]["when"][0]["count"].update(at_least=None),
        lambda d: d["overall"]["rules"][0]["when"][0]["count"].update(themes=["financial_reporting"], group="g"),
        lambda d: d["overall"]["rules"][0]["when"][1].update(min={}),
        lambda d: d["overall"]["rules"][0]["when"][0]["count"]["score"].update(at_least=None),
    ],
)
def test_both_refuse(change: Any) -> None:
    doc = _cpa()
    change(doc)
    core, schema = _verdicts(doc)
    assert core is not None and schema is not None, (core, schema)
