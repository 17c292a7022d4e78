from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="SubspacesResponse")


@_attrs_define
class SubspacesResponse:
    """
    Attributes:
        column_space (list[list[float]]): Orthonormal basis of the column space (vectors of length m).
        left_null_space (list[list[float]]): Orthonormal basis of the left null space (vectors of length m).
        null_space (list[list[float]]): Orthonormal basis of the null space (vectors of length n).
        rank (int):
        row_space (list[list[float]]): Orthonormal basis of the row space (vectors of length n).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    column_space: list[list[float]]
    left_null_space: list[list[float]]
    null_space: list[list[float]]
    rank: int
    row_space: list[list[float]]
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        column_space = []
        for column_space_item_data in self.column_space:
            column_space_item = column_space_item_data

            column_space.append(column_space_item)

        left_null_space = []
        for left_null_space_item_data in self.left_null_space:
            left_null_space_item = left_null_space_item_data

            left_null_space.append(left_null_space_item)

        null_space = []
        for null_space_item_data in self.null_space:
            null_space_item = null_space_item_data

            null_space.append(null_space_item)

        rank = self.rank

        row_space = []
        for row_space_item_data in self.row_space:
            row_space_item = row_space_item_data

            row_space.append(row_space_item)

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "column_space": column_space,
                "left_null_space": left_null_space,
                "null_space": null_space,
                "rank": rank,
                "row_space": row_space,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        column_space = []
        _column_space = d.pop("column_space")
        for column_space_item_data in _column_space:
            column_space_item = cast(list[float], column_space_item_data)

            column_space.append(column_space_item)

        left_null_space = []
        _left_null_space = d.pop("left_null_space")
        for left_null_space_item_data in _left_null_space:
            left_null_space_item = cast(list[float], left_null_space_item_data)

            left_null_space.append(left_null_space_item)

        null_space = []
        _null_space = d.pop("null_space")
        for null_space_item_data in _null_space:
            null_space_item = cast(list[float], null_space_item_data)

            null_space.append(null_space_item)

        rank = d.pop("rank")

        row_space = []
        _row_space = d.pop("row_space")
        for row_space_item_data in _row_space:
            row_space_item = cast(list[float], row_space_item_data)

            row_space.append(row_space_item)

        timing = Timing.from_dict(d.pop("timing"))

        subspaces_response = cls(
            column_space=column_space,
            left_null_space=left_null_space,
            null_space=null_space,
            rank=rank,
            row_space=row_space,
            timing=timing,
        )

        subspaces_response.additional_properties = d
        return subspaces_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
