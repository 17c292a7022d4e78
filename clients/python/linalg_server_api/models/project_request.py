from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="ProjectRequest")


@_attrs_define
class ProjectRequest:
    """A vector and a line (`onto`) or a column space (`onto_columns`).

    Attributes:
        vector (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        onto (GeneratedOperand | list[float] | Unset): A vector of numbers, or a generated operand with shape [n].
        onto_columns (GeneratedOperand | list[list[float]] | Unset): A matrix (rows of numbers), or a generated operand
            with shape [m, n].
    """

    vector: GeneratedOperand | list[float]
    onto: GeneratedOperand | list[float] | Unset = UNSET
    onto_columns: GeneratedOperand | list[list[float]] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        vector: dict[str, Any] | list[float]
        if isinstance(self.vector, list):
            vector = self.vector

        else:
            vector = self.vector.to_dict()

        onto: dict[str, Any] | list[float] | Unset
        if isinstance(self.onto, Unset):
            onto = UNSET
        elif isinstance(self.onto, list):
            onto = self.onto

        else:
            onto = self.onto.to_dict()

        onto_columns: dict[str, Any] | list[list[float]] | Unset
        if isinstance(self.onto_columns, Unset):
            onto_columns = UNSET
        elif isinstance(self.onto_columns, list):
            onto_columns = []
            for componentsschemas_matrix_type_0_item_data in self.onto_columns:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                onto_columns.append(componentsschemas_matrix_type_0_item)

        else:
            onto_columns = self.onto_columns.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "vector": vector,
            }
        )
        if onto is not UNSET:
            field_dict["onto"] = onto
        if onto_columns is not UNSET:
            field_dict["onto_columns"] = onto_columns

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

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

        def _parse_onto(data: object) -> GeneratedOperand | list[float] | Unset:
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

        onto = _parse_onto(d.pop("onto", UNSET))

        def _parse_onto_columns(
            data: object,
        ) -> GeneratedOperand | list[list[float]] | Unset:
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

        onto_columns = _parse_onto_columns(d.pop("onto_columns", UNSET))

        project_request = cls(
            vector=vector,
            onto=onto,
            onto_columns=onto_columns,
        )

        return project_request
