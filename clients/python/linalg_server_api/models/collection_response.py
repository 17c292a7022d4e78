from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.metric import Metric

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="CollectionResponse")


@_attrs_define
class CollectionResponse:
    """A collection's configuration and size.

    Example:
        {'count': 2, 'dimension': 3, 'metric': 'cosine', 'name': 'docs', 'timing': {'compute_us': 340, 'queue_us': 12,
            'total_us': 410}}

    Attributes:
        count (int): Number of points.
        dimension (int):
        metric (Metric): `cosine` (similarity, higher is better), `dot` (higher is better) or `euclidean` (distance,
            lower is better).
        name (str):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    count: int
    dimension: int
    metric: Metric
    name: str
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        dimension = self.dimension

        metric = self.metric.value

        name = self.name

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "dimension": dimension,
                "metric": metric,
                "name": name,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        count = d.pop("count")

        dimension = d.pop("dimension")

        metric = Metric(d.pop("metric"))

        name = d.pop("name")

        timing = Timing.from_dict(d.pop("timing"))

        collection_response = cls(
            count=count,
            dimension=dimension,
            metric=metric,
            name=name,
            timing=timing,
        )

        collection_response.additional_properties = d
        return collection_response

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
