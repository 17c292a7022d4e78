from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="PcaResponse")


@_attrs_define
class PcaResponse:
    """
    Attributes:
        components (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers
            (row-major).
        explained_variance (list[float]):
        explained_variance_ratio (list[float]):
        mean (list[float]):
        singular_values (list[float]):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        transformed (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers
            (row-major).
    """

    components: list[list[float]]
    explained_variance: list[float]
    explained_variance_ratio: list[float]
    mean: list[float]
    singular_values: list[float]
    timing: Timing
    transformed: list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        components = []
        for componentsschemas_mat_out_item_data in self.components:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            components.append(componentsschemas_mat_out_item)

        explained_variance = self.explained_variance

        explained_variance_ratio = self.explained_variance_ratio

        mean = self.mean

        singular_values = self.singular_values

        timing = self.timing.to_dict()

        transformed = []
        for componentsschemas_mat_out_item_data in self.transformed:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            transformed.append(componentsschemas_mat_out_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "components": components,
                "explained_variance": explained_variance,
                "explained_variance_ratio": explained_variance_ratio,
                "mean": mean,
                "singular_values": singular_values,
                "timing": timing,
                "transformed": transformed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        components = []
        _components = d.pop("components")
        for componentsschemas_mat_out_item_data in _components:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            components.append(componentsschemas_mat_out_item)

        explained_variance = cast(list[float], d.pop("explained_variance"))

        explained_variance_ratio = cast(list[float], d.pop("explained_variance_ratio"))

        mean = cast(list[float], d.pop("mean"))

        singular_values = cast(list[float], d.pop("singular_values"))

        timing = Timing.from_dict(d.pop("timing"))

        transformed = []
        _transformed = d.pop("transformed")
        for componentsschemas_mat_out_item_data in _transformed:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            transformed.append(componentsschemas_mat_out_item)

        pca_response = cls(
            components=components,
            explained_variance=explained_variance,
            explained_variance_ratio=explained_variance_ratio,
            mean=mean,
            singular_values=singular_values,
            timing=timing,
            transformed=transformed,
        )

        pca_response.additional_properties = d
        return pca_response

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
