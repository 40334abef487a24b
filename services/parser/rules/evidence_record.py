"""A FieldEvidence built from values the evidence search has already bounded, without running
the model's validator on each one (a job cites a dozen spans; validating each was the larger
part of building it).

``field_evidence`` checks the model's own constraints in plain Python: the bounds are read from
``FieldEvidence``'s fields at import, so a changed bound changes the check. Values that pass are
set on the instance as ``model_construct`` would set them (the same fields, fields-set, extra and
private state); any other value goes to the validator, which raises its usual error. Data from
outside (a topic's JSON) is still validated as before: this is only the parser's own path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotated_types import Ge, MaxLen, MinLen

from schemas.contracts.models import FieldEvidence

__all__ = ["field_evidence"]

_validate = FieldEvidence.__pydantic_validator__.validate_python
_new = FieldEvidence.__new__


def _setter(name: str) -> Callable[[object, object], None]:
    """How ``object.__setattr__(instance, name, value)`` sets the attribute: the data
    descriptor of the class that declares it, called without looking it up by name each time."""
    for cls in FieldEvidence.__mro__:
        if name in cls.__dict__:
            return cls.__dict__[name].__set__  # type: ignore[no-any-return]
    raise TypeError(f"FieldEvidence has no {name}: no shortcut")


_set_dict, _set_fields_set, _set_extra, _set_private = map(
    _setter,
    ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"),
)
_DECORATORS = ("validators", "field_validators", "root_validators", "field_serializers",
               "model_serializers", "model_validators", "computed_fields")  # fmt: skip


def _bounds() -> dict[str, tuple[type, int, int]]:
    """Each field's type and bounds: (int, ge, -1) or (str, min length, max length)."""
    if (
        FieldEvidence.__pydantic_post_init__ is not None
        or FieldEvidence.__private_attributes__
        or any(getattr(FieldEvidence.__pydantic_decorators__, kind) for kind in _DECORATORS)
    ):
        raise TypeError("FieldEvidence has more than field constraints: no shortcut")
    bounds: dict[str, tuple[type, int, int]] = {}
    for name, info in FieldEvidence.model_fields.items():
        low, high = 0, -1
        for item in info.metadata:
            if isinstance(item, Ge) and info.annotation is int:
                low = int(item.ge)  # type: ignore[call-overload]
            elif isinstance(item, MinLen) and info.annotation is str:
                low = item.min_length
            elif isinstance(item, MaxLen) and info.annotation is str:
                high = item.max_length
            else:
                raise TypeError(f"FieldEvidence.{name}: unknown constraint {item!r}")
        kind = int if info.annotation is int else str if info.annotation is str else None
        if kind is None:
            raise TypeError(f"FieldEvidence.{name}: not an int or a str")
        bounds[name] = (kind, low, high)
    return bounds


_BOUNDS = _bounds()
_NAMES = ("job_index", "field", "source", "start", "end", "text")
if tuple(_BOUNDS) != _NAMES or any(_BOUNDS[n][0] is not int for n in ("job_index", "start", "end")):
    raise TypeError("FieldEvidence's fields changed: no shortcut")
_INDEX_MIN, _START_MIN, _END_MIN = (_BOUNDS[n][1] for n in ("job_index", "start", "end"))
(_, _FIELD_MIN, _FIELD_MAX), (_, _SOURCE_MIN, _SOURCE_MAX), (_, _TEXT_MIN, _TEXT_MAX) = (
    _BOUNDS[n] for n in ("field", "source", "text")
)
_ALL_SET = set(_NAMES)  # every field set: each instance gets its own copy, as pydantic's do
_NO_MAX = 1 << 62  # a str field without a maximum length


def _max(high: int) -> int:
    return _NO_MAX if high < 0 else high


_FIELD_MAX, _SOURCE_MAX, _TEXT_MAX = _max(_FIELD_MAX), _max(_SOURCE_MAX), _max(_TEXT_MAX)


def field_evidence(
    job_index: int, field: str, source: str, start: int, end: int, text: str
) -> FieldEvidence:
    """``FieldEvidence(job_index=…, …, text=…)``: the same instance, or the same error."""
    values: dict[str, Any] = {
        "job_index": job_index,
        "field": field,
        "source": source,
        "start": start,
        "end": end,
        "text": text,
    }
    # exactly int and str (no bool, no subclass: the validator would convert those)
    if (
        type(job_index) is int
        and type(start) is int
        and type(end) is int
        and type(field) is str
        and type(source) is str
        and type(text) is str
        and job_index >= _INDEX_MIN
        and start >= _START_MIN
        and end >= _END_MIN
        and _FIELD_MIN <= len(field) <= _FIELD_MAX
        and _SOURCE_MIN <= len(source) <= _SOURCE_MAX
        and _TEXT_MIN <= len(text) <= _TEXT_MAX
    ):
        found = _new(FieldEvidence)
        _set_dict(found, values)
        _set_fields_set(found, _ALL_SET.copy())
        _set_extra(found, None)
        _set_private(found, None)
        return found
    return _validate(values)  # type: ignore[no-any-return]
