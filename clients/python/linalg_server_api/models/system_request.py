from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="SystemRequest")


@_attrs_define
class SystemRequest:
    """A system `a x = b`.

    Attributes:
        a (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        b (GeneratedOperand | list[float] | list[list[float]]): A vector or a matrix, or a generated operand of shape
            [n] or [m, n].
    """

    a: GeneratedOperand | list[list[float]]
    b: GeneratedOperand | list[float] | list[list[float]]

    def to_dict(self) -> dict[str, Any]:
        a: dict[str, Any] | list[list[float]]
        if isinstance(self.a, list):
            a = []
            for componentsschemas_matrix_type_0_item_data in self.a:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                a.append(componentsschemas_matrix_type_0_item)

        else:
            a = self.a.to_dict()

        b: dict[str, Any] | list[float] | list[list[float]]
        if isinstance(self.b, list):
            b = self.b

        elif isinstance(self.b, list):
            b = []
            for componentsschemas_vector_or_matrix_type_1_item_data in self.b:
                componentsschemas_vector_or_matrix_type_1_item = (
                    componentsschemas_vector_or_matrix_type_1_item_data
                )

                b.append(componentsschemas_vector_or_matrix_type_1_item)

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

        def _parse_a(data: object) -> GeneratedOperand | list[list[float]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_matrix_type_0 = []
                _componentsschemas_matrix_type_0 = data
                for (
                    componentsschemas_matrix_type_0_item_data
                ) in _componentsschemas_matrix_type_0:
                    componentsschemas_matrix_type_0_item = cast(
                        list[float], componentsschemas_matrix_type_0_item_data
                    )

                    componentsschemas_matrix_type_0.append(
                        componentsschemas_matrix_type_0_item
                    )

                return componentsschemas_matrix_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_matrix_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_matrix_type_1

        a = _parse_a(d.pop("a"))

        def _parse_b(
            data: object,
        ) -> GeneratedOperand | list[float] | list[list[float]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_or_matrix_type_0 = cast(list[float], data)

                return componentsschemas_vector_or_matrix_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_or_matrix_type_1 = []
                _componentsschemas_vector_or_matrix_type_1 = data
                for (
                    componentsschemas_vector_or_matrix_type_1_item_data
                ) in _componentsschemas_vector_or_matrix_type_1:
                    componentsschemas_vector_or_matrix_type_1_item = cast(
                        list[float], componentsschemas_vector_or_matrix_type_1_item_data
                    )

                    componentsschemas_vector_or_matrix_type_1.append(
                        componentsschemas_vector_or_matrix_type_1_item
                    )

                return componentsschemas_vector_or_matrix_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_or_matrix_type_2 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_or_matrix_type_2

        b = _parse_b(d.pop("b"))

        system_request = cls(
            a=a,
            b=b,
        )

        return system_request
