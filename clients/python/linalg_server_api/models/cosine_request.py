from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="CosineRequest")


@_attrs_define
class CosineRequest:
    """Two vectors of the same length, neither zero.

    Attributes:
        a (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        b (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
    """

    a: GeneratedOperand | list[float]
    b: GeneratedOperand | list[float]

    def to_dict(self) -> dict[str, Any]:
        a: dict[str, Any] | list[float]
        if isinstance(self.a, list):
            a = self.a

        else:
            a = self.a.to_dict()

        b: dict[str, Any] | list[float]
        if isinstance(self.b, list):
            b = self.b

        else:
            b = self.b.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "a": a,
                "b": b,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_a(data: object) -> GeneratedOperand | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_type_0 = cast(list[float], data)

                return componentsschemas_vector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_type_1

        a = _parse_a(d.pop("a"))

        def _parse_b(data: object) -> GeneratedOperand | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_type_0 = cast(list[float], data)

                return componentsschemas_vector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_type_1

        b = _parse_b(d.pop("b"))

        cosine_request = cls(
            a=a,
            b=b,
        )

        return cosine_request
