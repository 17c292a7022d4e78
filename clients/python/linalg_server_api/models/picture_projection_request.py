from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="PictureProjectionRequest")


@_attrs_define
class PictureProjectionRequest:
    """A vector and the line it is projected onto, both in the plane.

    Attributes:
        onto (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        vector (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
    """

    onto: GeneratedOperand | list[float]
    vector: GeneratedOperand | list[float]

    def to_dict(self) -> dict[str, Any]:
        onto: dict[str, Any] | list[float]
        if isinstance(self.onto, list):
            onto = self.onto

        else:
            onto = self.onto.to_dict()

        vector: dict[str, Any] | list[float]
        if isinstance(self.vector, list):
            vector = self.vector

        else:
            vector = self.vector.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "onto": onto,
                "vector": vector,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_onto(data: object) -> GeneratedOperand | list[float]:
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

        onto = _parse_onto(d.pop("onto"))

        def _parse_vector(data: object) -> GeneratedOperand | list[float]:
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

        vector = _parse_vector(d.pop("vector"))

        picture_projection_request = cls(
            onto=onto,
            vector=vector,
        )

        return picture_projection_request
