from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tensor_in import TensorIn


T = TypeVar("T", bound="ReshapeRequest")


@_attrs_define
class ReshapeRequest:
    """A tensor and its new shape.

    Attributes:
        shape (list[int]): The new shape; one `-1` is inferred.
        tensor (TensorIn): `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
            Example: {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}.
    """

    shape: list[int]
    tensor: TensorIn

    def to_dict(self) -> dict[str, Any]:
        shape = self.shape

        tensor = self.tensor.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "shape": shape,
                "tensor": tensor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tensor_in import TensorIn

        d = dict(src_dict)
        shape = cast(list[int], d.pop("shape"))

        tensor = TensorIn.from_dict(d.pop("tensor"))

        reshape_request = cls(
            shape=shape,
            tensor=tensor,
        )

        return reshape_request
