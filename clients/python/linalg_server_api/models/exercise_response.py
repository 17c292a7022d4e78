from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.op_name import OpName
from ..models.requirement import Requirement

if TYPE_CHECKING:
    from ..models.json_object import JsonObject
    from ..models.timing import Timing
    from ..models.tolerance_in import ToleranceIn


T = TypeVar("T", bound="ExerciseResponse")


@_attrs_define
class ExerciseResponse:
    """
    Example:
        {'answer': {'dot': 32.0}, 'difficulty': 1, 'input': {'a': [1, 2, 3], 'b': [4, 5, 6]}, 'op': 'dot', 'prompt':
            'Compute the dot product a · b for a = [1,2,3] and b = [4,5,6].', 'require': [], 'seed': 7, 'timing':
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}, 'tolerance': {'abs': 1e-06, 'rel': 1e-06}}

    Attributes:
        answer (JsonObject): A JSON object with any keys.
        difficulty (int):
        input_ (JsonObject): A JSON object with any keys.
        op (OpName): A compute operation: an endpoint path without the leading `/`.
        prompt (str): The question in words.
        require (list[Requirement]): The requirements to send to `/grade` with this exercise.
        seed (int):
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        tolerance (ToleranceIn): A tolerance: `{"abs": a, "rel": r}` (a key left out is 0), `{"decimals": d}` (0 to 12)
            or
            `{"sig_figs": s}` (1 to 15); one mode per object. Example: {'decimals': 2}.
    """

    answer: JsonObject
    difficulty: int
    input_: JsonObject
    op: OpName
    prompt: str
    require: list[Requirement]
    seed: int
    timing: Timing
    tolerance: ToleranceIn
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answer = self.answer.to_dict()

        difficulty = self.difficulty

        input_ = self.input_.to_dict()

        op = self.op.value

        prompt = self.prompt

        require = []
        for require_item_data in self.require:
            require_item = require_item_data.value
            require.append(require_item)

        seed = self.seed

        timing = self.timing.to_dict()

        tolerance = self.tolerance.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answer": answer,
                "difficulty": difficulty,
                "input": input_,
                "op": op,
                "prompt": prompt,
                "require": require,
                "seed": seed,
                "timing": timing,
                "tolerance": tolerance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.json_object import JsonObject
        from ..models.timing import Timing
        from ..models.tolerance_in import ToleranceIn

        d = dict(src_dict)
        answer = JsonObject.from_dict(d.pop("answer"))

        difficulty = d.pop("difficulty")

        input_ = JsonObject.from_dict(d.pop("input"))

        op = OpName(d.pop("op"))

        prompt = d.pop("prompt")

        require = []
        _require = d.pop("require")
        for require_item_data in _require:
            require_item = Requirement(require_item_data)

            require.append(require_item)

        seed = d.pop("seed")

        timing = Timing.from_dict(d.pop("timing"))

        tolerance = ToleranceIn.from_dict(d.pop("tolerance"))

        exercise_response = cls(
            answer=answer,
            difficulty=difficulty,
            input_=input_,
            op=op,
            prompt=prompt,
            require=require,
            seed=seed,
            timing=timing,
            tolerance=tolerance,
        )

        exercise_response.additional_properties = d
        return exercise_response

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
