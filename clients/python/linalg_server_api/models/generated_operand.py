from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.random_spec import RandomSpec


T = TypeVar("T", bound="GeneratedOperand")


@_attrs_define
class GeneratedOperand:
    """`{"random": {...}}`, documented as one alternative of every Vector and Matrix.

    Attributes:
        random (RandomSpec): `{"shape": [m, n], "seed": 7, "distribution": "normal"}`: an operand made on the server.
            Example: {'distribution': 'normal', 'seed': 7, 'shape': [64, 64]}.
    """

    random: RandomSpec

    def to_dict(self) -> dict[str, Any]:
        random = self.random.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "random": random,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.random_spec import RandomSpec

        d = dict(src_dict)
        random = RandomSpec.from_dict(d.pop("random"))

        generated_operand = cls(
            random=random,
        )

        return generated_operand
