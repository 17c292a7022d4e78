from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="TransposeResponse")


@_attrs_define
class TransposeResponse:
    """
    Attributes:
        result (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-
            major).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    result: list[list[float]]
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result = []
        for componentsschemas_mat_out_item_data in self.result:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            result.append(componentsschemas_mat_out_item)

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "result": result,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        result = []
        _result = d.pop("result")
        for componentsschemas_mat_out_item_data in _result:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            result.append(componentsschemas_mat_out_item)

        timing = Timing.from_dict(d.pop("timing"))

        transpose_response = cls(
            result=result,
            timing=timing,
        )

        transpose_response.additional_properties = d
        return transpose_response

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
