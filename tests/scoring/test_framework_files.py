"""Framework files in other encodings, and names of the wrong type (issue 19 item 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

import coterminous as ct
from coterminous.errors import CoterminousTypeError, FrameworkError

DOC = ct.Framework.builtin("cqc_la_assessment").to_json()


def test_a_utf8_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    # regression: "expected value at line 1 column 1"
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + DOC.encode("utf-8"))
    assert ct.Framework.load(path) == ct.Framework.from_json(DOC)
    assert ct.Framework.from_json("\ufeff" + DOC) == ct.Framework.from_json(DOC)
    assert ct.Framework.from_json(b"\xef\xbb\xbf" + DOC.encode()) == ct.Framework.from_json(DOC)


def test_a_latin1_file_is_a_framework_error_naming_the_file_and_encoding(tmp_path: Path) -> None:
    # regression: a bare UnicodeDecodeError
    path = tmp_path / "latin1.json"
    text = DOC.replace('"title": "', '"title": "Évaluation ', 1)
    path.write_bytes(text.encode("latin-1"))
    position = text.encode("latin-1").index(b"\xc9")
    with pytest.raises(FrameworkError, match=rf"latin1\.json' is not UTF-8 \(byte 0xc9 at position {position}\)"):
        ct.Framework.load(path)
    # the same document saved as UTF-8 loads
    path.write_text(text, encoding="utf-8")
    assert ct.Framework.load(path).title.startswith("Évaluation ")


@pytest.mark.parametrize("bad", [["ale"], 3, None, b"ale"])
def test_a_name_that_is_not_a_str_is_a_type_error(bad: object) -> None:
    # regression: get([...]) raised a bare TypeError (unhashable list)
    with pytest.raises(CoterminousTypeError, match="name: expected a framework's name"):
        ct.Framework.get(bad)  # type: ignore[arg-type]
    with pytest.raises(CoterminousTypeError, match="name: expected a framework's name"):
        ct.Framework.builtin(bad)  # type: ignore[arg-type]
    with pytest.raises(CoterminousTypeError, match="framework: expected a Framework"):
        ct.score({"x": [1]}, bad)  # type: ignore[arg-type]


def test_a_path_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(CoterminousTypeError, match="path: expected a str or os.PathLike"):
        ct.Framework.load(3)  # type: ignore[arg-type]


def test_builtin_names_is_gone_with_a_message_pointing_to_names() -> None:
    assert not hasattr(ct.Framework, "builtin_names")
    with pytest.raises(AttributeError, match=r"Framework\.names\(\)"):
        ct.Framework.builtin_names()  # type: ignore[attr-defined]
    assert ct.Framework.names()[:3] == ["ale", "cpa_use_of_resources", "cqc_la_assessment"]
