from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="LoraResponse")


@_attrs_define
class LoraResponse:
    """
    Attributes:
        compression_ratio (float): params_lora / params_full.
        delta_rank (int): Numerical rank of the update.
        merged (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-
            major).
        params_full (int): d * k.
        params_lora (int): r * (d + k).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    compression_ratio: float
    delta_rank: int
    merged: list[list[float]]
    params_full: int
    params_lora: int
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        compression_ratio = self.compression_ratio

        delta_rank = self.delta_rank

        merged = []
        for componentsschemas_mat_out_item_data in self.merged:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            merged.append(componentsschemas_mat_out_item)

        params_full = self.params_full

        params_lora = self.params_lora

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "compression_ratio": compression_ratio,
                "delta_rank": delta_rank,
                "merged": merged,
                "params_full": params_full,
                "params_lora": params_lora,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        compression_ratio = d.pop("compression_ratio")

        delta_rank = d.pop("delta_rank")

        merged = []
        _merged = d.pop("merged")
        for componentsschemas_mat_out_item_data in _merged:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            merged.append(componentsschemas_mat_out_item)

        params_full = d.pop("params_full")

        params_lora = d.pop("params_lora")

        timing = Timing.from_dict(d.pop("timing"))

        lora_response = cls(
            compression_ratio=compression_ratio,
            delta_rank=delta_rank,
            merged=merged,
            params_full=params_full,
            params_lora=params_lora,
            timing=timing,
        )

        lora_response.additional_properties = d
        return lora_response

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
