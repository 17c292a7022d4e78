from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tensor_in import TensorIn


T = TypeVar("T", bound="PermuteRequest")


@_attrs_define
class PermuteRequest:
    """A tensor and an order of its dimensions.

    Attributes:
        dims (list[int]): A permutation of the dimensions (negative allowed).
        tensor (TensorIn): `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
            Example: {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}.
    """

    dims: list[int]
    tensor: TensorIn

    def to_dict(self) -> dict[str, Any]:
        dims = self.dims

        tensor = self.tensor.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dims": dims,
                "tensor": tensor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tensor_in import TensorIn

        d = dict(src_dict)
        dims = cast(list[int], d.pop("dims"))

        tensor = TensorIn.from_dict(d.pop("tensor"))

        permute_request = cls(
            dims=dims,
            tensor=tensor,
        )

        return permute_request
