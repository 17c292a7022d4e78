from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.norm_name import NormName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="NormRequest")


@_attrs_define
class NormRequest:
    """A vector or a matrix, and which norm.

    Attributes:
        matrix (GeneratedOperand | list[list[float]] | Unset): A matrix (rows of numbers), or a generated operand with
            shape [m, n].
        ord_ (float | NormName | Unset): A norm's name, or a number: p >= 1 for vectors; 1, 2, -1 or -2 for matrices (as
            `numpy.linalg.norm`'s `ord`).
        vector (GeneratedOperand | list[float] | Unset): A vector of numbers, or a generated operand with shape [n].
    """

    matrix: GeneratedOperand | list[list[float]] | Unset = UNSET
    ord_: float | NormName | Unset = UNSET
    vector: GeneratedOperand | list[float] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        matrix: dict[str, Any] | list[list[float]] | Unset
        if isinstance(self.matrix, Unset):
            matrix = UNSET
        elif isinstance(self.matrix, list):
            matrix = []
            for componentsschemas_matrix_type_0_item_data in self.matrix:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                matrix.append(componentsschemas_matrix_type_0_item)

        else:
            matrix = self.matrix.to_dict()

        ord_: float | str | Unset
        if isinstance(self.ord_, Unset):
            ord_ = UNSET
        elif isinstance(self.ord_, NormName):
            ord_ = self.ord_.value
        else:
            ord_ = self.ord_

        vector: dict[str, Any] | list[float] | Unset
        if isinstance(self.vector, Unset):
            vector = UNSET
        elif isinstance(self.vector, list):
            vector = self.vector

        else:
            vector = self.vector.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if matrix is not UNSET:
            field_dict["matrix"] = matrix
        if ord_ is not UNSET:
            field_dict["ord"] = ord_
        if vector is not UNSET:
            field_dict["vector"] = vector

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_matrix(data: object) -> GeneratedOperand | list[list[float]] | Unset:
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

        matrix = _parse_matrix(d.pop("matrix", UNSET))

        def _parse_ord_(data: object) -> float | NormName | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_norm_ord_type_0 = NormName(data)

                return componentsschemas_norm_ord_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(float | NormName | Unset, data)

        ord_ = _parse_ord_(d.pop("ord", UNSET))

        def _parse_vector(data: object) -> GeneratedOperand | list[float] | Unset:
            if isinstance(data, Unset):
                return data
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

        vector = _parse_vector(d.pop("vector", UNSET))

        norm_request = cls(
            matrix=matrix,
            ord_=ord_,
            vector=vector,
        )

        return norm_request
