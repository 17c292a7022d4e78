from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Timing")


@_attrs_define
class Timing:
    """Where a request's time went, in microseconds. Also sent as a `Server-Timing` header.

    Example:
        {'compute_us': 340, 'queue_us': 12, 'total_us': 410}

    Attributes:
        compute_us (int): Running on the worker: parsing, validation and the computation.
        queue_us (int): Waiting for a compute worker.
        total_us (int): From the request's arrival to the response being built.
    """

    compute_us: int
    queue_us: int
    total_us: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        compute_us = self.compute_us

        queue_us = self.queue_us

        total_us = self.total_us

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "compute_us": compute_us,
                "queue_us": queue_us,
                "total_us": total_us,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        compute_us = d.pop("compute_us")

        queue_us = d.pop("queue_us")

        total_us = d.pop("total_us")

        timing = cls(
            compute_us=compute_us,
            queue_us=queue_us,
            total_us=total_us,
        )

        timing.additional_properties = d
        return timing

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
