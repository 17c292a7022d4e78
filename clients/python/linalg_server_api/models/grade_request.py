from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.op_name import OpName
from ..models.requirement import Requirement
from ..models.reveal import Reveal
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JsonObject
    from ..models.tolerance_in import ToleranceIn


T = TypeVar("T", bound="GradeRequest")


@_attrs_define
class GradeRequest:
    """An exercise's input and a student's answer to it.

    Example:
        {'answer': {'result': [[19, 22], [43, 50]], 'shape': [2, 2]}, 'input': {'a': [[1, 2], [3, 4]], 'b': [[5, 6], [7,
            8]]}, 'op': 'matmul'}

    Attributes:
        answer (JsonObject): A JSON object with any keys.
        input_ (JsonObject): A JSON object with any keys.
        op (OpName): A compute operation: an endpoint path without the leading `/`.
        partial_credit (bool | Unset): Score vector and matrix fields by their share of right entries (default false).
            Default: False.
        require (list[Requirement] | Unset): Extra conditions: `unit`, `orthonormal`, `order`, `exact` (none by
            default).
        reveal (Reveal | Unset): `none`: what is wrong, in words, without numbers from the expected answer; `hint`
            (default): also where and the recognised misconception; `full`: also the expected values.
        tolerance (ToleranceIn | Unset): A tolerance: `{"abs": a, "rel": r}` (a key left out is 0), `{"decimals": d}` (0
            to 12) or
            `{"sig_figs": s}` (1 to 15); one mode per object. Example: {'decimals': 2}.
    """

    answer: JsonObject
    input_: JsonObject
    op: OpName
    partial_credit: bool | Unset = False
    require: list[Requirement] | Unset = UNSET
    reveal: Reveal | Unset = UNSET
    tolerance: ToleranceIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        answer = self.answer.to_dict()

        input_ = self.input_.to_dict()

        op = self.op.value

        partial_credit = self.partial_credit

        require: list[str] | Unset = UNSET
        if not isinstance(self.require, Unset):
            require = []
            for require_item_data in self.require:
                require_item = require_item_data.value
                require.append(require_item)

        reveal: str | Unset = UNSET
        if not isinstance(self.reveal, Unset):
            reveal = self.reveal.value

        tolerance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tolerance, Unset):
            tolerance = self.tolerance.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "answer": answer,
                "input": input_,
                "op": op,
            }
        )
        if partial_credit is not UNSET:
            field_dict["partial_credit"] = partial_credit
        if require is not UNSET:
            field_dict["require"] = require
        if reveal is not UNSET:
            field_dict["reveal"] = reveal
        if tolerance is not UNSET:
            field_dict["tolerance"] = tolerance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.json_object import JsonObject
        from ..models.tolerance_in import ToleranceIn

        d = dict(src_dict)
        answer = JsonObject.from_dict(d.pop("answer"))

        input_ = JsonObject.from_dict(d.pop("input"))

        op = OpName(d.pop("op"))

        partial_credit = d.pop("partial_credit", UNSET)

        _require = d.pop("require", UNSET)
        require: list[Requirement] | Unset = UNSET
        if _require is not UNSET:
            require = []
            for require_item_data in _require:
                require_item = Requirement(require_item_data)

                require.append(require_item)

        _reveal = d.pop("reveal", UNSET)
        reveal: Reveal | Unset
        if isinstance(_reveal, Unset):
            reveal = UNSET
        else:
            reveal = Reveal(_reveal)

        _tolerance = d.pop("tolerance", UNSET)
        tolerance: ToleranceIn | Unset
        if isinstance(_tolerance, Unset):
            tolerance = UNSET
        else:
            tolerance = ToleranceIn.from_dict(_tolerance)

        grade_request = cls(
            answer=answer,
            input_=input_,
            op=op,
            partial_credit=partial_credit,
            require=require,
            reveal=reveal,
            tolerance=tolerance,
        )

        return grade_request
