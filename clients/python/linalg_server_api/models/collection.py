from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.metric import Metric

T = TypeVar("T", bound="Collection")


@_attrs_define
class Collection:
    """A collection's configuration and size.

    Example:
        {'count': 2, 'dimension': 3, 'metric': 'cosine', 'name': 'docs'}

    Attributes:
        count (int): Number of points.
        dimension (int):
        metric (Metric): `cosine` (similarity, higher is better), `dot` (higher is better) or `euclidean` (distance,
            lower is better).
        name (str):
    """

    count: int
    dimension: int
    metric: Metric
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        dimension = self.dimension

        metric = self.metric.value

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "dimension": dimension,
                "metric": metric,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        dimension = d.pop("dimension")

        metric = Metric(d.pop("metric"))

        name = d.pop("name")

        collection = cls(
            count=count,
            dimension=dimension,
            metric=metric,
            name=name,
        )

        collection.additional_properties = d
        return collection

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
