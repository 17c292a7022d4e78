from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="RrefResponse")


@_attrs_define
class RrefResponse:
    """
    Attributes:
        pivots (list[int]): Pivot column indices.
        rank (int):
        rref (list[list[float]] | list[list[str]]): Exact rationals as strings (`"-3/2"`), or numbers when `exact` is
            false.
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    pivots: list[int]
    rank: int
    rref: list[list[float]] | list[list[str]]
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pivots = self.pivots

        rank = self.rank

        rref: list[list[float]] | list[list[str]]
        if isinstance(self.rref, list):
            rref = []
            for componentsschemas_rref_matrix_type_0_item_data in self.rref:
                componentsschemas_rref_matrix_type_0_item = (
                    componentsschemas_rref_matrix_type_0_item_data
                )

                rref.append(componentsschemas_rref_matrix_type_0_item)

        else:
            rref = []
            for componentsschemas_mat_out_item_data in self.rref:
                componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

                rref.append(componentsschemas_mat_out_item)

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pivots": pivots,
                "rank": rank,
                "rref": rref,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        pivots = cast(list[int], d.pop("pivots"))

        rank = d.pop("rank")

        def _parse_rref(data: object) -> list[list[float]] | list[list[str]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_rref_matrix_type_0 = []
                _componentsschemas_rref_matrix_type_0 = data
                for (
                    componentsschemas_rref_matrix_type_0_item_data
                ) in _componentsschemas_rref_matrix_type_0:
                    componentsschemas_rref_matrix_type_0_item = cast(
                        list[str], componentsschemas_rref_matrix_type_0_item_data
                    )

                    componentsschemas_rref_matrix_type_0.append(
                        componentsschemas_rref_matrix_type_0_item
                    )

                return componentsschemas_rref_matrix_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_rref_matrix_type_1 = []
            _componentsschemas_rref_matrix_type_1 = data
            for (
                componentsschemas_mat_out_item_data
            ) in _componentsschemas_rref_matrix_type_1:
                componentsschemas_mat_out_item = cast(
                    list[float], componentsschemas_mat_out_item_data
                )

                componentsschemas_rref_matrix_type_1.append(
                    componentsschemas_mat_out_item
                )

            return componentsschemas_rref_matrix_type_1

        rref = _parse_rref(d.pop("rref"))

        timing = Timing.from_dict(d.pop("timing"))

        rref_response = cls(
            pivots=pivots,
            rank=rank,
            rref=rref,
            timing=timing,
        )

        rref_response.additional_properties = d
        return rref_response

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
