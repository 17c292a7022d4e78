from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.metric import Metric
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generated_operand import GeneratedOperand


T = TypeVar("T", bound="CosineSearchRequest")


@_attrs_define
class CosineSearchRequest:
    """Embeddings, one query or a batch, and how many results.

    Attributes:
        embeddings (GeneratedOperand | list[list[float]]): A matrix (rows of numbers), or a generated operand with shape
            [m, n].
        k (int | Unset): How many results per query (default 10); larger than the set returns the whole set.
        metric (Metric | Unset): `cosine` (similarity, higher is better), `dot` (higher is better) or `euclidean`
            (distance, lower is better).
        queries (GeneratedOperand | list[list[float]] | Unset): A matrix (rows of numbers), or a generated operand with
            shape [m, n].
        query (GeneratedOperand | list[float] | Unset): A vector of numbers, or a generated operand with shape [n].
    """

    embeddings: GeneratedOperand | list[list[float]]
    k: int | Unset = UNSET
    metric: Metric | Unset = UNSET
    queries: GeneratedOperand | list[list[float]] | Unset = UNSET
    query: GeneratedOperand | list[float] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        embeddings: dict[str, Any] | list[list[float]]
        if isinstance(self.embeddings, list):
            embeddings = []
            for componentsschemas_matrix_type_0_item_data in self.embeddings:
                componentsschemas_matrix_type_0_item = (
                    componentsschemas_matrix_type_0_item_data
                )

                embeddings.append(componentsschemas_matrix_type_0_item)

        else:
            embeddings = self.embeddings.to_dict()

        k = self.k

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "embeddings": embeddings,
            }
        )
        if k is not UNSET:
            field_dict["k"] = k
        if metric is not UNSET:
            field_dict["metric"] = metric
        if queries is not UNSET:
            field_dict["queries"] = queries
        if query is not UNSET:
            field_dict["query"] = query

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.generated_operand import GeneratedOperand

        d = dict(src_dict)

        def _parse_embeddings(data: object) -> GeneratedOperand | list[list[float]]:
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

        embeddings = _parse_embeddings(d.pop("embeddings"))

        k = d.pop("k", UNSET)

        _metric = d.pop("metric", UNSET)
        metric: Metric | Unset
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = Metric(_metric)

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

        cosine_search_request = cls(
            embeddings=embeddings,
            k=k,
            metric=metric,
            queries=queries,
            query=query,
        )

        return cosine_search_request
