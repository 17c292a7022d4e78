from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code import Code
from ..models.misconception import Misconception
from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldVerdict")


@_attrs_define
class FieldVerdict:
    """The verdict on one answered field.

    Attributes:
        code (Code): What is wrong with a field (or `ok`), as a stable machine-readable code.
        correct (bool):
        expected (Any): The endpoint's own answer for this field (for the backend, whatever `reveal` says).
        field (str):
        message (str): What is right or wrong, as much as `reveal` allows.
        correct_entries (list[bool] | list[list[bool]] | Unset): The schema of `correct_entries`: one boolean per entry
            of a vector field, or rows of them
            for a matrix field. (Documentation only: the flags are built as JSON values, shaped like
            the answer they judge.)
        max_abs_error (float | Unset): Largest entry-wise error, where values were compared.
        misconception (Misconception | Unset): A recognised mistake: given only when computing the mistake's answer
            reproduces the given
            one.
    """

    code: Code
    correct: bool
    expected: Any
    field: str
    message: str
    correct_entries: list[bool] | list[list[bool]] | Unset = UNSET
    max_abs_error: float | Unset = UNSET
    misconception: Misconception | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        correct = self.correct

        expected = self.expected

        field = self.field

        message = self.message

        correct_entries: list[bool] | list[list[bool]] | Unset
        if isinstance(self.correct_entries, Unset):
            correct_entries = UNSET
        elif isinstance(self.correct_entries, list):
            correct_entries = self.correct_entries

        else:
            correct_entries = []
            for (
                componentsschemas_correct_entries_type_1_item_data
            ) in self.correct_entries:
                componentsschemas_correct_entries_type_1_item = (
                    componentsschemas_correct_entries_type_1_item_data
                )

                correct_entries.append(componentsschemas_correct_entries_type_1_item)

        max_abs_error = self.max_abs_error

        misconception: str | Unset = UNSET
        if not isinstance(self.misconception, Unset):
            misconception = self.misconception.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "correct": correct,
                "expected": expected,
                "field": field,
                "message": message,
            }
        )
        if correct_entries is not UNSET:
            field_dict["correct_entries"] = correct_entries
        if max_abs_error is not UNSET:
            field_dict["max_abs_error"] = max_abs_error
        if misconception is not UNSET:
            field_dict["misconception"] = misconception

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = Code(d.pop("code"))

        correct = d.pop("correct")

        expected = d.pop("expected")

        field = d.pop("field")

        message = d.pop("message")

        def _parse_correct_entries(
            data: object,
        ) -> list[bool] | list[list[bool]] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_correct_entries_type_0 = cast(list[bool], data)

                return componentsschemas_correct_entries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_correct_entries_type_1 = []
            _componentsschemas_correct_entries_type_1 = data
            for (
                componentsschemas_correct_entries_type_1_item_data
            ) in _componentsschemas_correct_entries_type_1:
                componentsschemas_correct_entries_type_1_item = cast(
                    list[bool], componentsschemas_correct_entries_type_1_item_data
                )

                componentsschemas_correct_entries_type_1.append(
                    componentsschemas_correct_entries_type_1_item
                )

            return componentsschemas_correct_entries_type_1

        correct_entries = _parse_correct_entries(d.pop("correct_entries", UNSET))

        max_abs_error = d.pop("max_abs_error", UNSET)

        _misconception = d.pop("misconception", UNSET)
        misconception: Misconception | Unset
        if isinstance(_misconception, Unset):
            misconception = UNSET
        else:
            misconception = Misconception(_misconception)

        field_verdict = cls(
            code=code,
            correct=correct,
            expected=expected,
            field=field,
            message=message,
            correct_entries=correct_entries,
            max_abs_error=max_abs_error,
            misconception=misconception,
        )

        field_verdict.additional_properties = d
        return field_verdict

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
