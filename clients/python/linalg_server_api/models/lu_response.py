from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="LuResponse")


@_attrs_define
class LuResponse:
    """
    Attributes:
        l (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).
        p (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        u (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).
    """

    l: list[list[float]]
    p: list[list[float]]
    timing: Timing
    u: list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        l = []
        for componentsschemas_mat_out_item_data in self.l:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            l.append(componentsschemas_mat_out_item)

        p = []
        for componentsschemas_mat_out_item_data in self.p:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            p.append(componentsschemas_mat_out_item)

        timing = self.timing.to_dict()

        u = []
        for componentsschemas_mat_out_item_data in self.u:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            u.append(componentsschemas_mat_out_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "l": l,
                "p": p,
                "timing": timing,
                "u": u,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        l = []
        _l = d.pop("l")
        for componentsschemas_mat_out_item_data in _l:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            l.append(componentsschemas_mat_out_item)

        p = []
        _p = d.pop("p")
        for componentsschemas_mat_out_item_data in _p:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            p.append(componentsschemas_mat_out_item)

        timing = Timing.from_dict(d.pop("timing"))

        u = []
        _u = d.pop("u")
        for componentsschemas_mat_out_item_data in _u:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            u.append(componentsschemas_mat_out_item)

        lu_response = cls(
            l=l,
            p=p,
            timing=timing,
            u=u,
        )

        lu_response.additional_properties = d
        return lu_response

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
