from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tensor_in import TensorIn


T = TypeVar("T", bound="TransposeTensorRequest")


@_attrs_define
class TransposeTensorRequest:
    """A tensor and the two dimensions to swap.

    Attributes:
        dim0 (int): Negative dims count from the end.
        dim1 (int):
        tensor (TensorIn): `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
            Example: {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}.
    """

    dim0: int
    dim1: int
    tensor: TensorIn

    def to_dict(self) -> dict[str, Any]:
        dim0 = self.dim0

        dim1 = self.dim1

        tensor = self.tensor.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dim0": dim0,
                "dim1": dim1,
                "tensor": tensor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tensor_in import TensorIn

        d = dict(src_dict)
        dim0 = d.pop("dim0")

        dim1 = d.pop("dim1")

        tensor = TensorIn.from_dict(d.pop("tensor"))

        transpose_tensor_request = cls(
            dim0=dim0,
            dim1=dim1,
            tensor=tensor,
        )

        return transpose_tensor_request
