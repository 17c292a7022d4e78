from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="MatmulRequest")


@_attrs_define
class MatmulRequest:
    """`a` times `b`, or the product of a chain `matrices`.

    Attributes:
        a (GeneratedOperand | list[list[float]] | Unset): A matrix (rows of numbers), or a generated operand with shape
            [m, n].
        b (GeneratedOperand | list[float] | list[list[float]] | Unset): A vector or a matrix, or a generated operand of
            shape [n] or [m, n].
        matrices (list[GeneratedOperand | list[list[float]]] | Unset): A chain of at least 2 matrices, multiplied in the
            cheapest order (instead of `a`, `b`).
    """

    a: GeneratedOperand | list[list[float]] | Unset = UNSET
    b: GeneratedOperand | list[float] | list[list[float]] | Unset = UNSET
    matrices: list[GeneratedOperand | list[list[float]]] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        a: dict[str, Any] | list[list[float]] | Unset
        if isinstance(self.a, Unset):
            a = UNSET
        elif isinstance(self.a, list):
            a = []
            for componentsschemas_matrix_type_0_item_data in self.a:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                a.append(componentsschemas_matrix_type_0_item)

        else:
            a = self.a.to_dict()

        b: dict[str, Any] | list[float] | list[list[float]] | Unset
        if isinstance(self.b, Unset):
            b = UNSET
        elif isinstance(self.b, list):
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

        matrices: list[dict[str, Any] | list[list[float]]] | Unset = UNSET
        if not isinstance(self.matrices, Unset):
            matrices = []
            for matrices_item_data in self.matrices:
                matrices_item: dict[str, Any] | list[list[float]]
                if isinstance(matrices_item_data, list):
                    matrices_item = []
                    for componentsschemas_matrix_type_0_item_data in matrices_item_data:
                        componentsschemas_matrix_type_0_item = (
                            componentsschemas_matrix_type_0_item_data
                        )

                        matrices_item.append(componentsschemas_matrix_type_0_item)

                else:
                    matrices_item = matrices_item_data.to_dict()

                matrices.append(matrices_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if a is not UNSET:
            field_dict["a"] = a
        if b is not UNSET:
            field_dict["b"] = b
        if matrices is not UNSET:
            field_dict["matrices"] = matrices

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_a(data: object) -> GeneratedOperand | list[list[float]] | Unset:
            if isinstance(data, Unset):
                return data
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

        a = _parse_a(d.pop("a", UNSET))

        def _parse_b(
            data: object,
        ) -> GeneratedOperand | list[float] | list[list[float]] | Unset:
            if isinstance(data, Unset):
                return data
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

        b = _parse_b(d.pop("b", UNSET))

        _matrices = d.pop("matrices", UNSET)
        matrices: list[GeneratedOperand | list[list[float]]] | Unset = UNSET
        if _matrices is not UNSET:
            matrices = []
            for matrices_item_data in _matrices:

                def _parse_matrices_item(
                    data: object,
                ) -> GeneratedOperand | list[list[float]]:
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

                matrices_item = _parse_matrices_item(matrices_item_data)

                matrices.append(matrices_item)

        matmul_request = cls(
            a=a,
            b=b,
            matrices=matrices,
        )

        return matmul_request
