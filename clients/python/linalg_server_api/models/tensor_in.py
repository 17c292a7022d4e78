from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TensorIn")


@_attrs_define
class TensorIn:
    """`{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.

    Example:
        {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}

    Attributes:
        data (list[float]): `prod(shape)` numbers, row-major (the last dimension varies fastest).
        shape (list[int]): Dimensions, each >= 0 (`[]` is a 0-d tensor holding one number).
    """

    data: list[float]
    shape: list[int]

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        shape = self.shape

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "shape": shape,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        data = cast(list[float], d.pop("data"))

        shape = cast(list[int], d.pop("shape"))

        tensor_in = cls(
            data=data,
            shape=shape,
        )

        return tensor_in
