from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shape_step_op import ShapeStepOp
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShapeStep")


@_attrs_define
class ShapeStep:
    """One step: `{"op": "matmul", "other": shape}`, `{"op": "transpose", "dim0", "dim1"}`,
    `{"op": "permute", "dims"}` or `{"op": "reshape", "shape"}`.

        Attributes:
            op (ShapeStepOp): `matmul` (with `other`), `transpose` (with `dim0`, `dim1`), `permute` (with `dims`) or
                `reshape` (with `shape`).
            dim0 (int | Unset): For `transpose`.
            dim1 (int | Unset): For `transpose`.
            dims (list[int] | Unset): For `permute`.
            other (list[int] | Unset): For `matmul`: the other operand's shape.
            shape (list[int] | Unset): For `reshape` (one `-1` allowed).
    """

    op: ShapeStepOp
    dim0: int | Unset = UNSET
    dim1: int | Unset = UNSET
    dims: list[int] | Unset = UNSET
    other: list[int] | Unset = UNSET
    shape: list[int] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        op = self.op.value

        dim0 = self.dim0

        dim1 = self.dim1

        dims: list[int] | Unset = UNSET
        if not isinstance(self.dims, Unset):
            dims = self.dims

        other: list[int] | Unset = UNSET
        if not isinstance(self.other, Unset):
            other = self.other

        shape: list[int] | Unset = UNSET
        if not isinstance(self.shape, Unset):
            shape = self.shape

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "op": op,
            }
        )
        if dim0 is not UNSET:
            field_dict["dim0"] = dim0
        if dim1 is not UNSET:
            field_dict["dim1"] = dim1
        if dims is not UNSET:
            field_dict["dims"] = dims
        if other is not UNSET:
            field_dict["other"] = other
        if shape is not UNSET:
            field_dict["shape"] = shape

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        op = ShapeStepOp(d.pop("op"))

        dim0 = d.pop("dim0", UNSET)

        dim1 = d.pop("dim1", UNSET)

        dims = cast(list[int], d.pop("dims", UNSET))

        other = cast(list[int], d.pop("other", UNSET))

        shape = cast(list[int], d.pop("shape", UNSET))

        shape_step = cls(
            op=op,
            dim0=dim0,
            dim1=dim1,
            dims=dims,
            other=other,
            shape=shape,
        )

        return shape_step
