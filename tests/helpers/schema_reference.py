"""The JSON Schema reference for framework documents: ``jsonschema`` (a dependency of
``nbformat``, a test dependency), independent of the core's parser."""

from __future__ import annotations

from typing import Any

import jsonschema


def schema_error(instance: Any, schema: dict[str, Any]) -> str | None:
    """The first error of ``instance`` against ``schema`` (draft 2020-12) as
    ``"$.path: message"``, or None when it is valid."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return None
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{path}: {error.message}"
