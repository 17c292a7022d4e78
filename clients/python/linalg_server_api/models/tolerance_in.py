from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ToleranceIn")


@_attrs_define
class ToleranceIn:
    """A tolerance: `{"abs": a, "rel": r}` (a key left out is 0), `{"decimals": d}` (0 to 12) or
    `{"sig_figs": s}` (1 to 15); one mode per object.

        Example:
            {'decimals': 2}

        Attributes:
            abs_ (float | Unset): Absolute bound: right when |given - expected| <= abs + rel |expected|.
            decimals (int | Unset): Right when it is the expected value rounded to this many decimals (0 to 12).
            rel (float | Unset): Relative bound, with `abs`.
            sig_figs (int | Unset): Right when it agrees with the expected value to this many significant figures (1 to
                15).
    """

    abs_: float | Unset = UNSET
    decimals: int | Unset = UNSET
    rel: float | Unset = UNSET
    sig_figs: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        abs_ = self.abs_

        decimals = self.decimals

        rel = self.rel

        sig_figs = self.sig_figs

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if abs_ is not UNSET:
            field_dict["abs"] = abs_
        if decimals is not UNSET:
            field_dict["decimals"] = decimals
        if rel is not UNSET:
            field_dict["rel"] = rel
        if sig_figs is not UNSET:
            field_dict["sig_figs"] = sig_figs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        abs_ = d.pop("abs", UNSET)

        decimals = d.pop("decimals", UNSET)

        rel = d.pop("rel", UNSET)

        sig_figs = d.pop("sig_figs", UNSET)

        tolerance_in = cls(
            abs_=abs_,
            decimals=decimals,
            rel=rel,
            sig_figs=sig_figs,
        )

        return tolerance_in
