from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="CosineResponse")


@_attrs_define
class CosineResponse:
    """
    Attributes:
        angle_degrees (float): The angle in degrees, in [0, 180].
        angle_radians (float): The angle in radians, in [0, pi].
        cosine (float): Cosine of the angle, in [-1, 1].
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    angle_degrees: float
    angle_radians: float
    cosine: float
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        angle_degrees = self.angle_degrees

        angle_radians = self.angle_radians

        cosine = self.cosine

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "angle_degrees": angle_degrees,
                "angle_radians": angle_radians,
                "cosine": cosine,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        angle_degrees = d.pop("angle_degrees")

        angle_radians = d.pop("angle_radians")

        cosine = d.pop("cosine")

        timing = Timing.from_dict(d.pop("timing"))

        cosine_response = cls(
            angle_degrees=angle_degrees,
            angle_radians=angle_radians,
            cosine=cosine,
            timing=timing,
        )

        cosine_response.additional_properties = d
        return cosine_response

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
