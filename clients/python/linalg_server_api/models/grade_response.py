from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.field_verdict import FieldVerdict
    from ..models.timing import Timing


T = TypeVar("T", bound="GradeResponse")


@_attrs_define
class GradeResponse:
    """
    Example:
        {'correct': False, 'feedback': '1 of 2 answered fields are correct. Fix result first: expected a 2x2 matrix, got
            a 2x3 matrix. Check the dimensions first: the shape must match before the values can.', 'fields': [{'code':
            'wrong-shape', 'correct': False, 'expected': [[19.0, 22.0], [43.0, 50.0]], 'field': 'result', 'message':
            'result: expected a 2x2 matrix, got a 2x3 matrix'}, {'code': 'ok', 'correct': True, 'expected': [2, 2], 'field':
            'shape', 'max_abs_error': 0.0, 'message': 'shape is correct'}], 'score': 0.5, 'timing': {'compute_us': 340,
            'queue_us': 12, 'total_us': 410}}

    Attributes:
        correct (bool):
        feedback (str):
        fields (list[FieldVerdict]):
        score (float):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
    """

    correct: bool
    feedback: str
    fields: list[FieldVerdict]
    score: float
    timing: Timing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        correct = self.correct

        feedback = self.feedback

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        score = self.score

        timing = self.timing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "correct": correct,
                "feedback": feedback,
                "fields": fields,
                "score": score,
                "timing": timing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.field_verdict import FieldVerdict
        from ..models.timing import Timing

        d = dict(src_dict)
        correct = d.pop("correct")

        feedback = d.pop("feedback")

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = FieldVerdict.from_dict(fields_item_data)

            fields.append(fields_item)

        score = d.pop("score")

        timing = Timing.from_dict(d.pop("timing"))

        grade_response = cls(
            correct=correct,
            feedback=feedback,
            fields=fields,
            score=score,
            timing=timing,
        )

        grade_response.additional_properties = d
        return grade_response

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
