from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand
    from ..models.json_object import JsonObject


T = TypeVar("T", bound="CollectionSearchRequest")


@_attrs_define
class CollectionSearchRequest:
    """
    Example:
        {'filter': {'lang': 'en'}, 'k': 5, 'query': [0.1, 0.2, 0.3], 'with_payload': True}

    Attributes:
        filter_ (JsonObject | Unset): A JSON object with any keys.
        k (int | Unset): Results per query (default 10). Default: 10.
        queries (GeneratedOperand | list[list[float]] | Unset): A matrix (rows of numbers), or a generated operand with
            shape [m, n].
        query (GeneratedOperand | list[float] | Unset): A vector of numbers, or a generated operand with shape [n].
        with_payload (bool | Unset): Include each hit's payload (default true). Default: True.
    """

    filter_: JsonObject | Unset = UNSET
    k: int | Unset = 10
    queries: GeneratedOperand | list[list[float]] | Unset = UNSET
    query: GeneratedOperand | list[float] | Unset = UNSET
    with_payload: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        k = self.k

        queries: dict[str, Any] | list[list[float]] | Unset
        if isinstance(self.queries, Unset):
            queries = UNSET
        elif isinstance(self.queries, list):
            queries = []
            for componentsschemas_matrix_type_0_item_data in self.queries:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                queries.append(componentsschemas_matrix_type_0_item)

        else:
            queries = self.queries.to_dict()

        query: dict[str, Any] | list[float] | Unset
        if isinstance(self.query, Unset):
            query = UNSET
        elif isinstance(self.query, list):
            query = self.query

        else:
            query = self.query.to_dict()

        with_payload = self.with_payload

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if k is not UNSET:
            field_dict["k"] = k
        if queries is not UNSET:
            field_dict["queries"] = queries
        if query is not UNSET:
            field_dict["query"] = query
        if with_payload is not UNSET:
            field_dict["with_payload"] = with_payload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand
        from ..models.json_object import JsonObject

        d = dict(src_dict)
        _filter_ = d.pop("filter", UNSET)
        filter_: JsonObject | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = JsonObject.from_dict(_filter_)

        k = d.pop("k", UNSET)

        def _parse_queries(
            data: object,
        ) -> GeneratedOperand | list[list[float]] | Unset:
            if isinstance(data, Unset):
                return data
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

        queries = _parse_queries(d.pop("queries", UNSET))

        def _parse_query(data: object) -> GeneratedOperand | list[float] | Unset:
            if isinstance(data, Unset):
                return data
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

        query = _parse_query(d.pop("query", UNSET))

        with_payload = d.pop("with_payload", UNSET)

        collection_search_request = cls(
            filter_=filter_,
            k=k,
            queries=queries,
            query=query,
            with_payload=with_payload,
        )

        return collection_search_request
