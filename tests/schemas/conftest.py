"""Fixtures for the schema data tests: one JSON Schema validator, used the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from jsonschema import (
    Draft202012Validator,
)

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]  # test modules repeat this alias


def json_schema_errors(schema: Mapping[str, Any], instance: object) -> list[str]:
    """Every violation of ``schema`` by ``instance``, as "path: message" (empty when valid).

    Formats are asserted (uuid, and date-time when rfc3339-validator is installed).
    """
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


@pytest.fixture
def json_errors() -> JsonErrors:
    return json_schema_errors
