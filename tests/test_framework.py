from __future__ import annotations

import json
from pathlib import Path

import pytest

import coterminous as ct
from reference import THEMES, reference_overall


def test_builtins():
    assert ct.Framework.builtin_names() == ["ale", "cpa_use_of_resources"]
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


@pytest.mark.parametrize("name", ["ale", "cpa_use_of_resources"])
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
