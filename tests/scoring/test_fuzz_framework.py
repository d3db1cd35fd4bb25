"""Fuzzed framework documents and hostile text: every failure is a coterminous error.

The properties run hypothesis's bounded default in CI; ``tools/fuzz.py`` raises the counts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from framework_documents import LONE_SURROGATES, documents, hostile_json
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.errors import CoterminousError, FrameworkError


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
