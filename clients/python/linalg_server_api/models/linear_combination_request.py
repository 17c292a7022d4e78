from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="LinearCombinationRequest")


@_attrs_define
class LinearCombinationRequest:
    """Vectors of one length and one coefficient per vector.

    Attributes:
        coefficients (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        vectors (list[GeneratedOperand | list[float]]): At least one vector, all of the same length.
    """

    coefficients: GeneratedOperand | list[float]
    vectors: list[GeneratedOperand | list[float]]

    def to_dict(self) -> dict[str, Any]:
        coefficients: dict[str, Any] | list[float]
        if isinstance(self.coefficients, list):
            coefficients = self.coefficients

        else:
            coefficients = self.coefficients.to_dict()

        vectors = []
        for vectors_item_data in self.vectors:
            vectors_item: dict[str, Any] | list[float]
            if isinstance(vectors_item_data, list):
                vectors_item = vectors_item_data

            else:
                vectors_item = vectors_item_data.to_dict()

            vectors.append(vectors_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coefficients": coefficients,
                "vectors": vectors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_coefficients(data: object) -> GeneratedOperand | list[float]:
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

        coefficients = _parse_coefficients(d.pop("coefficients"))

        vectors = []
        _vectors = d.pop("vectors")
        for vectors_item_data in _vectors:

            def _parse_vectors_item(data: object) -> GeneratedOperand | list[float]:
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

            vectors_item = _parse_vectors_item(vectors_item_data)

            vectors.append(vectors_item)

        linear_combination_request = cls(
            coefficients=coefficients,
            vectors=vectors,
        )

        return linear_combination_request
