from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand
    from ..models.json_object import JsonObject


T = TypeVar("T", bound="PointIn")


@_attrs_define
class PointIn:
    """A point to store.

    Attributes:
        id (int | str): A point id: an integer >= 0, or a string of 1 to 256 bytes (UTF-8). In a path, an id of all
            digits names the integer id.
        vector (GeneratedOperand | list[float]): A vector of numbers, or a generated operand with shape [n].
        payload (JsonObject | None | Unset):
    """

    id: int | str
    vector: GeneratedOperand | list[float]
    payload: JsonObject | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.json_object import JsonObject

        id: int | str
        id = self.id

        vector: dict[str, Any] | list[float]
        if isinstance(self.vector, list):
            vector = self.vector

        else:
            vector = self.vector.to_dict()

        payload: dict[str, Any] | None | Unset
        if isinstance(self.payload, Unset):
            payload = UNSET
        elif isinstance(self.payload, JsonObject):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "vector": vector,
            }
        )
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand
        from ..models.json_object import JsonObject

        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        def _parse_vector(data: object) -> GeneratedOperand | list[float]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_vector_type_0 = cast(list[float], data)

                return componentsschemas_vector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_vector_type_1 = GeneratedOperand.from_dict(data)

            return componentsschemas_vector_type_1

        vector = _parse_vector(d.pop("vector"))

        def _parse_payload(data: object) -> JsonObject | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = JsonObject.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | None | Unset, data)

        payload = _parse_payload(d.pop("payload", UNSET))

        point_in = cls(
            id=id,
            vector=vector,
            payload=payload,
        )

        return point_in
