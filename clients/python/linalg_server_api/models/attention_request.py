from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.named_mask import NamedMask
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="AttentionRequest")


@_attrs_define
class AttentionRequest:
    """Queries, keys and values, and an optional mask.

    Attributes:
        k (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        q (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        v (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        mask (GeneratedOperand | list[list[float]] | NamedMask | Unset): `"causal"` (keep j <= i, top-left aligned as
            torch's `is_causal`) or an n x m matrix of 0/1 (1 = keep).
    """

    k: GeneratedOperand | list[list[float]]
    q: GeneratedOperand | list[list[float]]
    v: GeneratedOperand | list[list[float]]
    mask: GeneratedOperand | list[list[float]] | NamedMask | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        k: dict[str, Any] | list[list[float]]
        if isinstance(self.k, list):
            k = []
            for componentsschemas_matrix_type_0_item_data in self.k:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                k.append(componentsschemas_matrix_type_0_item)

        else:
            k = self.k.to_dict()

        q: dict[str, Any] | list[list[float]]
        if isinstance(self.q, list):
            q = []
            for componentsschemas_matrix_type_0_item_data in self.q:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                q.append(componentsschemas_matrix_type_0_item)

        else:
            q = self.q.to_dict()

        v: dict[str, Any] | list[list[float]]
        if isinstance(self.v, list):
            v = []
            for componentsschemas_matrix_type_0_item_data in self.v:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                v.append(componentsschemas_matrix_type_0_item)

        else:
            v = self.v.to_dict()

        mask: dict[str, Any] | list[list[float]] | str | Unset
        if isinstance(self.mask, Unset):
            mask = UNSET
        elif isinstance(self.mask, NamedMask):
            mask = self.mask.value
        elif isinstance(self.mask, list):
            mask = []
            for componentsschemas_mask_type_1_type_0_item_data in self.mask:
                componentsschemas_mask_type_1_type_0_item = (
                    componentsschemas_mask_type_1_type_0_item_data
                )

                mask.append(componentsschemas_mask_type_1_type_0_item)

        else:
            mask = self.mask.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "k": k,
                "q": q,
                "v": v,
            }
        )
        if mask is not UNSET:
            field_dict["mask"] = mask

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_k(data: object) -> GeneratedOperand | list[list[float]]:
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

        k = _parse_k(d.pop("k"))

        def _parse_q(data: object) -> GeneratedOperand | list[list[float]]:
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

        q = _parse_q(d.pop("q"))

        def _parse_v(data: object) -> GeneratedOperand | list[list[float]]:
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

        v = _parse_v(d.pop("v"))

        def _parse_mask(
            data: object,
        ) -> GeneratedOperand | list[list[float]] | NamedMask | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_mask_type_0 = NamedMask(data)

                return componentsschemas_mask_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_mask_type_1_type_0 = []
                _componentsschemas_mask_type_1_type_0 = data
                for (
                    componentsschemas_mask_type_1_type_0_item_data
                ) in _componentsschemas_mask_type_1_type_0:
                    componentsschemas_mask_type_1_type_0_item = cast(
                        list[float], componentsschemas_mask_type_1_type_0_item_data
                    )

                    componentsschemas_mask_type_1_type_0.append(
                        componentsschemas_mask_type_1_type_0_item
                    )

                return componentsschemas_mask_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_mask_type_1_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_mask_type_1_type_1

        mask = _parse_mask(d.pop("mask", UNSET))

        attention_request = cls(
            k=k,
            q=q,
            v=v,
            mask=mask,
        )

        return attention_request
