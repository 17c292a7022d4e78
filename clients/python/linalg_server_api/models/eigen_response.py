from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.complex_ import Complex
    from ..models.timing import Timing


T = TypeVar("T", bound="EigenResponse")


@_attrs_define
class EigenResponse:
    """
    Attributes:
        eigenvalues (list[Complex] | list[float]): Complex numbers (general) or real numbers (symmetric).

            The complex variant comes first: a generated client tries the variants in order, and a list
            of `{re, im}` objects is never a list of numbers, while a lax number-list parser may accept
            anything.
        eigenvectors (list[list[Complex]] | list[list[float]]): Complex unit vectors (general) or real unit vectors
            (symmetric); complex first, as in
            [`EigenValues`].
        symmetric (bool):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    eigenvalues: list[Complex] | list[float]
    eigenvectors: list[list[Complex]] | list[list[float]]
    symmetric: bool
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        eigenvalues: list[dict[str, Any]] | list[float]
        if isinstance(self.eigenvalues, list):
            eigenvalues = []
            for componentsschemas_eigen_values_type_0_item_data in self.eigenvalues:
                componentsschemas_eigen_values_type_0_item = (
                    componentsschemas_eigen_values_type_0_item_data.to_dict()
                )
                eigenvalues.append(componentsschemas_eigen_values_type_0_item)

        else:
            eigenvalues = self.eigenvalues

        eigenvectors: list[list[dict[str, Any]]] | list[list[float]]
        if isinstance(self.eigenvectors, list):
            eigenvectors = []
            for componentsschemas_eigen_vectors_type_0_item_data in self.eigenvectors:
                componentsschemas_eigen_vectors_type_0_item = []
                for (
                    componentsschemas_eigen_vectors_type_0_item_item_data
                ) in componentsschemas_eigen_vectors_type_0_item_data:
                    componentsschemas_eigen_vectors_type_0_item_item = (
                        componentsschemas_eigen_vectors_type_0_item_item_data.to_dict()
                    )
                    componentsschemas_eigen_vectors_type_0_item.append(
                        componentsschemas_eigen_vectors_type_0_item_item
                    )

                eigenvectors.append(componentsschemas_eigen_vectors_type_0_item)

        else:
            eigenvectors = []
            for componentsschemas_eigen_vectors_type_1_item_data in self.eigenvectors:
                componentsschemas_eigen_vectors_type_1_item = (
                    componentsschemas_eigen_vectors_type_1_item_data
                )

                eigenvectors.append(componentsschemas_eigen_vectors_type_1_item)

        symmetric = self.symmetric

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eigenvalues": eigenvalues,
                "eigenvectors": eigenvectors,
                "symmetric": symmetric,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.complex_ import Complex
        from ..models.timing import Timing

        d = dict(src_dict)

        def _parse_eigenvalues(data: object) -> list[Complex] | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_eigen_values_type_0 = []
                _componentsschemas_eigen_values_type_0 = data
                for (
                    componentsschemas_eigen_values_type_0_item_data
                ) in _componentsschemas_eigen_values_type_0:
                    componentsschemas_eigen_values_type_0_item = Complex.from_dict(
                        componentsschemas_eigen_values_type_0_item_data
                    )

                    componentsschemas_eigen_values_type_0.append(
                        componentsschemas_eigen_values_type_0_item
                    )

                return componentsschemas_eigen_values_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_eigen_values_type_1 = cast(list[float], data)

            return componentsschemas_eigen_values_type_1

        eigenvalues = _parse_eigenvalues(d.pop("eigenvalues"))

        def _parse_eigenvectors(
            data: object,
        ) -> list[list[Complex]] | list[list[float]]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_eigen_vectors_type_0 = []
                _componentsschemas_eigen_vectors_type_0 = data
                for (
                    componentsschemas_eigen_vectors_type_0_item_data
                ) in _componentsschemas_eigen_vectors_type_0:
                    componentsschemas_eigen_vectors_type_0_item = []
                    _componentsschemas_eigen_vectors_type_0_item = (
                        componentsschemas_eigen_vectors_type_0_item_data
                    )
                    for (
                        componentsschemas_eigen_vectors_type_0_item_item_data
                    ) in _componentsschemas_eigen_vectors_type_0_item:
                        componentsschemas_eigen_vectors_type_0_item_item = (
                            Complex.from_dict(
                                componentsschemas_eigen_vectors_type_0_item_item_data
                            )
                        )

                        componentsschemas_eigen_vectors_type_0_item.append(
                            componentsschemas_eigen_vectors_type_0_item_item
                        )

                    componentsschemas_eigen_vectors_type_0.append(
                        componentsschemas_eigen_vectors_type_0_item
                    )

                return componentsschemas_eigen_vectors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_eigen_vectors_type_1 = []
            _componentsschemas_eigen_vectors_type_1 = data
            for (
                componentsschemas_eigen_vectors_type_1_item_data
            ) in _componentsschemas_eigen_vectors_type_1:
                componentsschemas_eigen_vectors_type_1_item = cast(
                    list[float], componentsschemas_eigen_vectors_type_1_item_data
                )

                componentsschemas_eigen_vectors_type_1.append(
                    componentsschemas_eigen_vectors_type_1_item
                )

            return componentsschemas_eigen_vectors_type_1

        eigenvectors = _parse_eigenvectors(d.pop("eigenvectors"))

        symmetric = d.pop("symmetric")

        timing = Timing.from_dict(d.pop("timing"))

        eigen_response = cls(
            eigenvalues=eigenvalues,
            eigenvectors=eigenvectors,
            symmetric=symmetric,
            timing=timing,
        )

        eigen_response.additional_properties = d
        return eigen_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
