from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="LstsqResponse")


@_attrs_define
class LstsqResponse:
    """
    Attributes:
        rank (int):
        residuals (list[float]):
        singular_values (list[float]):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        x (list[float] | list[list[float]]):
    """

    rank: int
    residuals: list[float]
    singular_values: list[float]
    timing: Timing
    x: list[float] | list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rank = self.rank

        residuals = self.residuals

        singular_values = self.singular_values

        timing = self.timing.to_dict()

        x: list[float] | list[list[float]]
        if isinstance(self.x, list):
            x = self.x

        else:
            x = []
            for componentsschemas_array_out_type_1_item_data in self.x:
                componentsschemas_array_out_type_1_item = (
                    componentsschemas_array_out_type_1_item_data
                )

                x.append(componentsschemas_array_out_type_1_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rank": rank,
                "residuals": residuals,
                "singular_values": singular_values,
                "timing": timing,
                "x": x,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        rank = d.pop("rank")

        residuals = cast(list[float], d.pop("residuals"))

        singular_values = cast(list[float], d.pop("singular_values"))

        timing = Timing.from_dict(d.pop("timing"))

        def _parse_x(data: object) -> list[float] | list[list[float]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_array_out_type_0 = cast(list[float], data)

                return componentsschemas_array_out_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_array_out_type_1 = []
            _componentsschemas_array_out_type_1 = data
            for (
                componentsschemas_array_out_type_1_item_data
            ) in _componentsschemas_array_out_type_1:
                componentsschemas_array_out_type_1_item = cast(
                    list[float], componentsschemas_array_out_type_1_item_data
                )

                componentsschemas_array_out_type_1.append(
                    componentsschemas_array_out_type_1_item
                )

            return componentsschemas_array_out_type_1

        x = _parse_x(d.pop("x"))

        lstsq_response = cls(
            rank=rank,
            residuals=residuals,
            singular_values=singular_values,
            timing=timing,
            x=x,
        )

        lstsq_response.additional_properties = d
        return lstsq_response

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
