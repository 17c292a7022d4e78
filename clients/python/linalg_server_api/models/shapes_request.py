from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.shape_step import ShapeStep


T = TypeVar("T", bound="ShapesRequest")


@_attrs_define
class ShapesRequest:
    """A starting shape and a chain of operations.

    Attributes:
        input_ (list[int]): The starting shape.
        ops (list[ShapeStep]):
    """

    input_: list[int]
    ops: list[ShapeStep]

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        ops = []
        for ops_item_data in self.ops:
            ops_item = ops_item_data.to_dict()
            ops.append(ops_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
                "ops": ops,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.shape_step import ShapeStep

        d = dict(src_dict)
        input_ = cast(list[int], d.pop("input"))

        ops = []
        _ops = d.pop("ops")
        for ops_item_data in _ops:
            ops_item = ShapeStep.from_dict(ops_item_data)

            ops.append(ops_item)

        shapes_request = cls(
            input_=input_,
            ops=ops,
        )

        return shapes_request
