from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="PictureMatrixRequest")


@_attrs_define
class PictureMatrixRequest:
    """A 2x2 matrix to picture (or, for `/visualize/matrix`, any matrix).

    Attributes:
        matrix (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m,
            n].
    """

    matrix: GeneratedOperand | list[list[float]]

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "matrix": matrix,
            }
        )

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

        picture_matrix_request = cls(
            matrix=matrix,
        )

        return picture_matrix_request
