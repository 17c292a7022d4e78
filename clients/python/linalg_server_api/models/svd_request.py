from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="SvdRequest")


@_attrs_define
class SvdRequest:
    """A matrix and which factors to return.

    Attributes:
        matrix (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m,
            n].
        compute_uv (bool | Unset): Return `u` and `vt` (default true); only `s` when false.
        full_matrices (bool | Unset): `u` m x m and `vt` n x n when true; reduced (k = min(m, n)) when false (default).
    """

    matrix: GeneratedOperand | list[list[float]]
    compute_uv: bool | Unset = UNSET
    full_matrices: bool | Unset = UNSET

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

        compute_uv = self.compute_uv

        full_matrices = self.full_matrices

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "matrix": matrix,
            }
        )
        if compute_uv is not UNSET:
            field_dict["compute_uv"] = compute_uv
        if full_matrices is not UNSET:
            field_dict["full_matrices"] = full_matrices

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

        compute_uv = d.pop("compute_uv", UNSET)

        full_matrices = d.pop("full_matrices", UNSET)

        svd_request = cls(
            matrix=matrix,
            compute_uv=compute_uv,
            full_matrices=full_matrices,
        )

        return svd_request
