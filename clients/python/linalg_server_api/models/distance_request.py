from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.distance_metric import DistanceMetric
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="DistanceRequest")


@_attrs_define
class DistanceRequest:
    """Two vectors of the same length and a metric.

    Attributes:
        a (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        b (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        metric (DistanceMetric | Unset): `euclidean`, `manhattan`, `chebyshev`, or `cosine` (1 - cosine similarity).
    """

    a: GeneratedOperand | list[float]
    b: GeneratedOperand | list[float]
    metric: DistanceMetric | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        a: dict[str, Any] | list[float]
        if isinstance(self.a, list):
            a = self.a

        else:
            a = self.a.to_dict()

        b: dict[str, Any] | list[float]
        if isinstance(self.b, list):
            b = self.b

        else:
            b = self.b.to_dict()

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "a": a,
                "b": b,
            }
        )
        if metric is not UNSET:
            field_dict["metric"] = metric

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_a(data: object) -> GeneratedOperand | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_type_0 = cast(list[float], data)

                return componentsschemas_vector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_type_1

        a = _parse_a(d.pop("a"))

        def _parse_b(data: object) -> GeneratedOperand | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_type_0 = cast(list[float], data)

                return componentsschemas_vector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_type_1

        b = _parse_b(d.pop("b"))

        _metric = d.pop("metric", UNSET)
        metric: DistanceMetric | Unset
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = DistanceMetric(_metric)

        distance_request = cls(
            a=a,
            b=b,
            metric=metric,
        )

        return distance_request
