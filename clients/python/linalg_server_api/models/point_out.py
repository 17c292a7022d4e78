from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.point_out_payload_type_0 import PointOutPayloadType0
    from ..models.timing import Timing


T = TypeVar("T", bound="PointOut")


@_attrs_define
class PointOut:
    """
    Example:
        {'id': 1, 'payload': {'lang': 'en'}, 'timing': {'compute_us': 340, 'queue_us': 12, 'total_us': 410}, 'vector':
            [0.1, 0.2, 0.3]}

    Attributes:
        id (int | str): A point id: an integer >= 0, or a string of 1 to 256 bytes (UTF-8). In a path, an id of all
            digits names the integer id.
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        vector (list[float]):
        payload (None | PointOutPayloadType0 | Unset): The payload, or null.
    """

    id: int | str
    timing: Timing
    vector: list[float]
    payload: None | PointOutPayloadType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.point_out_payload_type_0 import PointOutPayloadType0

        id: int | str
        id = self.id

        timing = self.timing.to_dict()

        vector = self.vector

        payload: dict[str, Any] | None | Unset
        if isinstance(self.payload, Unset):
            payload = UNSET
        elif isinstance(self.payload, PointOutPayloadType0):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "timing": timing,
                "vector": vector,
            }
        )
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.point_out_payload_type_0 import PointOutPayloadType0
        from ..models.timing import Timing

        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        timing = Timing.from_dict(d.pop("timing"))

        vector = cast(list[float], d.pop("vector"))

        def _parse_payload(data: object) -> None | PointOutPayloadType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = PointOutPayloadType0.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PointOutPayloadType0 | Unset, data)

        payload = _parse_payload(d.pop("payload", UNSET))

        point_out = cls(
            id=id,
            timing=timing,
            vector=vector,
            payload=payload,
        )

        point_out.additional_properties = d
        return point_out

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
