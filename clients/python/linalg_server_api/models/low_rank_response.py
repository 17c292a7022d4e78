from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timing import Timing


T = TypeVar("T", bound="LowRankResponse")


@_attrs_define
class LowRankResponse:
    """
    Attributes:
        approximation (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers
            (row-major).
        energy_retained (float): Sum of kept s^2 over the total.
        error_fro (float): Frobenius norm of the error: sqrt of the sum of the dropped s^2.
        error_spectral (float): Spectral norm of the error: the largest dropped singular value.
        params_full (int): m * n.
        params_low_rank (int): k * (m + n).
        s (list[float]):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        u (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).
        vt (list[list[float]]): A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).
    """

    approximation: list[list[float]]
    energy_retained: float
    error_fro: float
    error_spectral: float
    params_full: int
    params_low_rank: int
    s: list[float]
    timing: Timing
    u: list[list[float]]
    vt: list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approximation = []
        for componentsschemas_mat_out_item_data in self.approximation:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            approximation.append(componentsschemas_mat_out_item)

        energy_retained = self.energy_retained

        error_fro = self.error_fro

        error_spectral = self.error_spectral

        params_full = self.params_full

        params_low_rank = self.params_low_rank

        s = self.s

        timing = self.timing.to_dict()

        u = []
        for componentsschemas_mat_out_item_data in self.u:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            u.append(componentsschemas_mat_out_item)

        vt = []
        for componentsschemas_mat_out_item_data in self.vt:
            componentsschemas_mat_out_item = componentsschemas_mat_out_item_data

            vt.append(componentsschemas_mat_out_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approximation": approximation,
                "energy_retained": energy_retained,
                "error_fro": error_fro,
                "error_spectral": error_spectral,
                "params_full": params_full,
                "params_low_rank": params_low_rank,
                "s": s,
                "timing": timing,
                "u": u,
                "vt": vt,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timing import Timing

        d = dict(src_dict)
        approximation = []
        _approximation = d.pop("approximation")
        for componentsschemas_mat_out_item_data in _approximation:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            approximation.append(componentsschemas_mat_out_item)

        energy_retained = d.pop("energy_retained")

        error_fro = d.pop("error_fro")

        error_spectral = d.pop("error_spectral")

        params_full = d.pop("params_full")

        params_low_rank = d.pop("params_low_rank")

        s = cast(list[float], d.pop("s"))

        timing = Timing.from_dict(d.pop("timing"))

        u = []
        _u = d.pop("u")
        for componentsschemas_mat_out_item_data in _u:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            u.append(componentsschemas_mat_out_item)

        vt = []
        _vt = d.pop("vt")
        for componentsschemas_mat_out_item_data in _vt:
            componentsschemas_mat_out_item = cast(
                list[float], componentsschemas_mat_out_item_data
            )

            vt.append(componentsschemas_mat_out_item)

        low_rank_response = cls(
            approximation=approximation,
            energy_retained=energy_retained,
            error_fro=error_fro,
            error_spectral=error_spectral,
            params_full=params_full,
            params_low_rank=params_low_rank,
            s=s,
            timing=timing,
            u=u,
            vt=vt,
        )

        low_rank_response.additional_properties = d
        return low_rank_response

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
