from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.distribution import Distribution
from ..types import UNSET, Unset

T = TypeVar("T", bound="RandomSpec")


@_attrs_define
class RandomSpec:
    """`{"shape": [m, n], "seed": 7, "distribution": "normal"}`: an operand made on the server.

    Example:
        {'distribution': 'normal', 'seed': 7, 'shape': [64, 64]}

    Attributes:
        seed (int): Seed of the ChaCha8 stream (0 to 2^63 - 1): the same seed gives the same operand.
        shape (list[int]): `[n]` for a vector, `[m, n]` for a matrix; every dimension at least 1.
        distribution (Distribution | Unset): The distribution of a generated operand's entries: `normal` (standard
            normal) or `uniform` (on [-1, 1]).
    """

    seed: int
    shape: list[int]
    distribution: Distribution | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        seed = self.seed

        shape = self.shape

        distribution: str | Unset = UNSET
        if not isinstance(self.distribution, Unset):
            distribution = self.distribution.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "seed": seed,
                "shape": shape,
            }
        )
        if distribution is not UNSET:
            field_dict["distribution"] = distribution

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        seed = d.pop("seed")

        shape = cast(list[int], d.pop("shape"))

        _distribution = d.pop("distribution", UNSET)
        distribution: Distribution | Unset
        if isinstance(_distribution, Unset):
            distribution = UNSET
        else:
            distribution = Distribution(_distribution)

        random_spec = cls(
            seed=seed,
            shape=shape,
            distribution=distribution,
        )

        return random_spec
