from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="SvdResponse")


@_attrs_define
class SvdResponse:
    """
    Attributes:
        s (list[float]):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        u (list[list[float]] | Unset): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-
            major).
        vt (list[list[float]] | Unset): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers
            (row-major).
    """

    s: list[float]
    timing: Timing
    u: list[list[float]] | Unset = UNSET
    vt: list[list[float]] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        s = self.s

        timing = self.timing.to_dict()

        u: list[list[float]] | Unset = UNSET
        if not isinstance(self.u, Unset):
            u = []
            for componentsschemas_mat_out_item_data in self.u:
                componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

                u.append(componentsschemas_mat_out_item)

        vt: list[list[float]] | Unset = UNSET
        if not isinstance(self.vt, Unset):
            vt = []
            for componentsschemas_mat_out_item_data in self.vt:
                componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

                vt.append(componentsschemas_mat_out_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "s": s,
                "timing": timing,
            }
        )
        if u is not UNSET:
            field_dict["u"] = u
        if vt is not UNSET:
            field_dict["vt"] = vt

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        s = cast(list[float], d.pop("s"))

        timing = Timing.from_dict(d.pop("timing"))

        _u = d.pop("u", UNSET)
        u: list[list[float]] | Unset = UNSET
        if _u is not UNSET:
            u = []
            for componentsschemas_mat_out_item_data in _u:
                componentsschemas_mat_out_item = cast(
                    list[float], componentsschemas_mat_out_item_data
                )

                u.append(componentsschemas_mat_out_item)

        _vt = d.pop("vt", UNSET)
        vt: list[list[float]] | Unset = UNSET
        if _vt is not UNSET:
            vt = []
            for componentsschemas_mat_out_item_data in _vt:
                componentsschemas_mat_out_item = cast(
                    list[float], componentsschemas_mat_out_item_data
                )

                vt.append(componentsschemas_mat_out_item)

        svd_response = cls(
            s=s,
            timing=timing,
            u=u,
            vt=vt,
        )

        svd_response.additional_properties = d
        return svd_response

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
