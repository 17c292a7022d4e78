"""NumPy arrays in and out of JSON-shaped values."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np


def to_wire(value: Any) -> Any:
    """A request value with NumPy arrays and scalars turned into lists and numbers."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    return value


def fields(**values: Any) -> dict[str, Any]:
    """A request body from keyword arguments: `None` leaves a field out."""
    return {k: v for k, v in values.items() if v is not None}


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _numeric_shape(value: Any) -> bool:
    """Whether `value` is a non-empty list of numbers, or of such lists of one length."""
    if not isinstance(value, list) or not value:
        return False
    if all(_is_number(v) for v in value):
        return True
    if all(isinstance(v, list) for v in value):
        return len({len(v) for v in value}) == 1 and all(_numeric_shape(v) for v in value)
    return False


def tensor(array: Any) -> dict[str, Any]:
    """A NumPy array of any rank as the API's Tensor, `{"shape": [...], "data": [...]}`."""
    a = np.asarray(array, dtype=np.float64)
    return {"shape": list(a.shape), "data": a.ravel().tolist()}


def _is_tensor(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"shape", "data"}
        and isinstance(value["data"], list)
        and all(_is_number(v) for v in value["data"])
    )


def from_wire(value: Any) -> Any:
    """A response value with every list of numbers (vector, matrix, ...) and every Tensor as a
    NumPy array."""
    if _numeric_shape(value):
        return np.asarray(value)
    if _is_tensor(value):
        return np.asarray(value["data"], dtype=np.float64).reshape(value["shape"])
    if isinstance(value, dict):
        return Answer({k: from_wire(v) for k, v in value.items()})
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    return value


class Answer(dict):
    """A response's fields, readable as attributes too (`answer.s`, `answer["s"]`)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None
