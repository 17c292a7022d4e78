from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="RrefRequest")


@_attrs_define
class RrefRequest:
    """A matrix, read exactly from its decimal text unless `exact` is false.

    Attributes:
        matrix (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m,
            n].
        exact (bool | Unset): Exact rational arithmetic, reading each number from its JSON text (default true).
    """

    matrix: GeneratedOperand | list[list[float]]
    exact: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        matrix: dict[str, Any] | list[list[float]]
        if isinstance(self.matrix, list):
            matrix = []
            for componentsschemas_matrix_type_0_item_data in self.matrix:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                matrix.append(componentsschemas_matrix_type_0_item)

        else:
            matrix = self.matrix.to_dict()

        exact = self.exact

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "matrix": matrix,
            }
        )
        if exact is not UNSET:
            field_dict["exact"] = exact

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_matrix(data: object) -> GeneratedOperand | list[list[float]]:
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

        matrix = _parse_matrix(d.pop("matrix"))

        exact = d.pop("exact", UNSET)

        rref_request = cls(
            matrix=matrix,
            exact=exact,
        )

        return rref_request
