from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="PicturePcaRequest")


@_attrs_define
class PicturePcaRequest:
    """Samples in the plane.

    Attributes:
        data (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m,
            n].
    """

    data: GeneratedOperand | list[list[float]]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] | list[list[float]]
        if isinstance(self.data, list):
            data = []
            for componentsschemas_matrix_type_0_item_data in self.data:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                data.append(componentsschemas_matrix_type_0_item)

        else:
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_data(data: object) -> GeneratedOperand | list[list[float]]:
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

        data = _parse_data(d.pop("data"))

        picture_pca_request = cls(
            data=data,
        )

        return picture_pca_request
