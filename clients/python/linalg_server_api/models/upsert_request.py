from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.point_in import PointIn


T = TypeVar("T", bound="UpsertRequest")


@_attrs_define
class UpsertRequest:
    """
    Example:
        {'points': [{'id': 1, 'payload': {'lang': 'en'}, 'vector': [0.1, 0.2, 0.3]}, {'id': 'doc-7', 'vector': [0.3,
            0.1, 0.0]}]}

    Attributes:
        points (list[PointIn]):
    """

    points: list[PointIn]

    def to_dict(self) -> dict[str, Any]:
        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.point_in import PointIn

        d = dict(src_dict)
        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = PointIn.from_dict(points_item_data)

            points.append(points_item)

        upsert_request = cls(
            points=points,
        )

        return upsert_request
