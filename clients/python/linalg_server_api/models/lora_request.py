from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="LoraRequest")


@_attrs_define
class LoraRequest:
    """A frozen weight and a low-rank update.

    Attributes:
        a (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        b (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        w (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape [m, n].
        alpha (float | Unset): Scaling numerator (default r): the update is (alpha / r) B A.
    """

    a: GeneratedOperand | list[list[float]]
    b: GeneratedOperand | list[list[float]]
    w: GeneratedOperand | list[list[float]]
    alpha: float | Unset = UNSET

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

        b: dict[str, Any] | list[list[float]]
        if isinstance(self.b, list):
            b = []
            for componentsschemas_matrix_type_0_item_data in self.b:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                b.append(componentsschemas_matrix_type_0_item)

        else:
            b = self.b.to_dict()

        w: dict[str, Any] | list[list[float]]
        if isinstance(self.w, list):
            w = []
            for componentsschemas_matrix_type_0_item_data in self.w:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                w.append(componentsschemas_matrix_type_0_item)

        else:
            w = self.w.to_dict()

        alpha = self.alpha

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "a": a,
                "b": b,
                "w": w,
            }
        )
        if alpha is not UNSET:
            field_dict["alpha"] = alpha

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

        def _parse_b(data: object) -> GeneratedOperand | list[list[float]]:
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

        b = _parse_b(d.pop("b"))

        def _parse_w(data: object) -> GeneratedOperand | list[list[float]]:
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

        w = _parse_w(d.pop("w"))

        alpha = d.pop("alpha", UNSET)

        lora_request = cls(
            a=a,
            b=b,
            w=w,
            alpha=alpha,
        )

        return lora_request
