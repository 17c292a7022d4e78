from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.index_hit import IndexHit
    from ..models.timing import Timing


T = TypeVar("T", bound="CosineSearchResponse")


@_attrs_define
class CosineSearchResponse:
    """
    Attributes:
        results (list[IndexHit] | list[list[IndexHit]]): Results for `query` (a list, best first), or for `queries` (a
            list of such lists).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    results: list[IndexHit] | list[list[IndexHit]]
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        results: list[dict[str, Any]] | list[list[dict[str, Any]]]
        if isinstance(self.results, list):
            results = []
            for componentsschemas_index_hit_results_type_0_item_data in self.results:
                componentsschemas_index_hit_results_type_0_item = (
                    componentsschemas_index_hit_results_type_0_item_data.to_dict()
                )
                results.append(componentsschemas_index_hit_results_type_0_item)

        else:
            results = []
            for componentsschemas_index_hit_results_type_1_item_data in self.results:
                componentsschemas_index_hit_results_type_1_item = []
                for (
                    componentsschemas_index_hit_results_type_1_item_item_data
                ) in componentsschemas_index_hit_results_type_1_item_data:
                    componentsschemas_index_hit_results_type_1_item_item = componentsschemas_index_hit_results_type_1_item_item_data.to_dict()
                    componentsschemas_index_hit_results_type_1_item.append(
                        componentsschemas_index_hit_results_type_1_item_item
                    )

                results.append(componentsschemas_index_hit_results_type_1_item)

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.index_hit import IndexHit
        from ..models.timing import Timing

        d = dict(src_dict)

        def _parse_results(data: object) -> list[IndexHit] | list[list[IndexHit]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_index_hit_results_type_0 = []
                _componentsschemas_index_hit_results_type_0 = data
                for (
                    componentsschemas_index_hit_results_type_0_item_data
                ) in _componentsschemas_index_hit_results_type_0:
                    componentsschemas_index_hit_results_type_0_item = (
                        IndexHit.from_dict(
                            componentsschemas_index_hit_results_type_0_item_data
                        )
                    )

                    componentsschemas_index_hit_results_type_0.append(
                        componentsschemas_index_hit_results_type_0_item
                    )

                return componentsschemas_index_hit_results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_index_hit_results_type_1 = []
            _componentsschemas_index_hit_results_type_1 = data
            for (
                componentsschemas_index_hit_results_type_1_item_data
            ) in _componentsschemas_index_hit_results_type_1:
                componentsschemas_index_hit_results_type_1_item = []
                _componentsschemas_index_hit_results_type_1_item = (
                    componentsschemas_index_hit_results_type_1_item_data
                )
                for (
                    componentsschemas_index_hit_results_type_1_item_item_data
                ) in _componentsschemas_index_hit_results_type_1_item:
                    componentsschemas_index_hit_results_type_1_item_item = (
                        IndexHit.from_dict(
                            componentsschemas_index_hit_results_type_1_item_item_data
                        )
                    )

                    componentsschemas_index_hit_results_type_1_item.append(
                        componentsschemas_index_hit_results_type_1_item_item
                    )

                componentsschemas_index_hit_results_type_1.append(
                    componentsschemas_index_hit_results_type_1_item
                )

            return componentsschemas_index_hit_results_type_1

        results = _parse_results(d.pop("results"))

        timing = Timing.from_dict(d.pop("timing"))

        cosine_search_response = cls(
            results=results,
            timing=timing,
        )

        cosine_search_response.additional_properties = d
        return cosine_search_response

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
