from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.op_name import OpName
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExerciseRequest")


@_attrs_define
class ExerciseRequest:
    """
    Example:
        {'difficulty': 1, 'kind': 'inverse', 'seed': 7}

    Attributes:
        kind (OpName): A compute operation: an endpoint path without the leading `/`.
        difficulty (int | Unset): 1 (small integers, by hand) to 3; default 1. Default: 1.
        seed (int | Unset): Same seed and difficulty, same exercise (0 to 2^63 - 1; random when omitted, and the
            response says which).
    """

    kind: OpName
    difficulty: int | Unset = 1
    seed: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        difficulty = self.difficulty

        seed = self.seed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if difficulty is not UNSET:
            field_dict["difficulty"] = difficulty
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = OpName(d.pop("kind"))

        difficulty = d.pop("difficulty", UNSET)

        seed = d.pop("seed", UNSET)

        exercise_request = cls(
            kind=kind,
            difficulty=difficulty,
            seed=seed,
        )

        return exercise_request
