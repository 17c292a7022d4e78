from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.collections_status import CollectionsStatus
    from ..models.timing import Timing


T = TypeVar("T", bound="Status")


@_attrs_define
class Status:
    """
    Example:
        {'status': 'ok', 'timing': {'compute_us': 340, 'queue_us': 12, 'total_us': 410}}

    Attributes:
        status (str): `ok` (health), `ready` or `draining` (readiness).
        timing (Timing): Where a request's time went, in microseconds. Also sent as a `Server-Timing` header. Example:
            {'compute_us': 340, 'queue_us': 12, 'total_us': 410}.
        collections (CollectionsStatus | None | Unset):
    """

    status: str
    timing: Timing
    collections: CollectionsStatus | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.collections_status import CollectionsStatus

        status = self.status

        timing = self.timing.to_dict()

        collections: dict[str, Any] | None | Unset
        if isinstance(self.collections, Unset):
            collections = UNSET
        elif isinstance(self.collections, CollectionsStatus):
            collections = self.collections.to_dict()
        else:
            collections = self.collections

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "timing": timing,
            }
        )
        if collections is not UNSET:
            field_dict["collections"] = collections

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.collections_status import CollectionsStatus
        from ..models.timing import Timing

        d = dict(src_dict)
        status = d.pop("status")

        timing = Timing.from_dict(d.pop("timing"))

        def _parse_collections(data: object) -> CollectionsStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                collections_type_0 = CollectionsStatus.from_dict(data)

                return collections_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CollectionsStatus | None | Unset, data)

        collections = _parse_collections(d.pop("collections", UNSET))

        status = cls(
            status=status,
            timing=timing,
            collections=collections,
        )

        status.additional_properties = d
        return status

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
