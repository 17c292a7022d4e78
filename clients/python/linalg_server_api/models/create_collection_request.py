from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.metric import Metric
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateCollectionRequest")


@_attrs_define
class CreateCollectionRequest:
    """
    Example:
        {'dimension': 3, 'metric': 'cosine'}

    Attributes:
        dimension (int): Length of every vector in the collection (1 to 65536).
        metric (Metric | Unset): `cosine` (similarity, higher is better), `dot` (higher is better) or `euclidean`
            (distance, lower is better).
    """

    dimension: int
    metric: Metric | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        dimension = self.dimension

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dimension": dimension,
            }
        )
        if metric is not UNSET:
            field_dict["metric"] = metric

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        dimension = d.pop("dimension")

        _metric = d.pop("metric", UNSET)
        metric: Metric | Unset
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = Metric(_metric)

        create_collection_request = cls(
            dimension=dimension,
            metric=metric,
        )

        return create_collection_request
