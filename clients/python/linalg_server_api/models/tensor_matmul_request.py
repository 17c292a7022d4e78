from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tensor_in import TensorIn


T = TypeVar("T", bound="TensorMatmulRequest")


@_attrs_define
class TensorMatmulRequest:
    """Two tensors.

    Attributes:
        a (TensorIn): `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
            Example: {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}.
        b (TensorIn): `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
            Example: {'data': [1, 2, 3, 4, 5, 6], 'shape': [2, 3]}.
    """

    a: TensorIn
    b: TensorIn

    def to_dict(self) -> dict[str, Any]:
        a = self.a.to_dict()

        b = self.b.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "a": a,
                "b": b,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tensor_in import TensorIn

        d = dict(src_dict)
        a = TensorIn.from_dict(d.pop("a"))

        b = TensorIn.from_dict(d.pop("b"))

        tensor_matmul_request = cls(
            a=a,
            b=b,
        )

        return tensor_matmul_request
