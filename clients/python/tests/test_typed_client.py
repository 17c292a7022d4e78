"""Every operation of the document, called through the generated, typed client.

The request bodies are the document's own examples turned into the generated request models
(`Model.from_dict(example)`); the answers must parse into the generated response models. Then a
few calls written the way a user writes them: models built with their constructors.
"""

from __future__ import annotations

import importlib

import pytest

from linalg_server_api import Client, models
from linalg_server_api.api.collections import (
    create_collection,
    get_point,
    search_collection,
    upsert_points,
)
from linalg_server_api.api.decompositions import svd
from linalg_server_api.api.grading import exercises, grade
from linalg_server_api.models import (
    CollectionSearchRequest,
    CreateCollectionRequest,
    ExerciseRequest,
    GradeRequest,
    JsonObject,
    Metric,
    OpName,
    PointIn,
    SvdRequest,
    UpsertRequest,
)

# The collection operations in the order a user tries them (the flow needs its own data).
COLLECTION_FLOW = [
    ("put", "/collections/{name}"),
    ("post", "/collections/{name}/points"),
    ("get", "/collections"),
    ("get", "/collections/{name}"),
    ("get", "/collections/{name}/points/{id}"),
    ("post", "/collections/{name}/search"),
    ("delete", "/collections/{name}/points/{id}"),
    ("delete", "/collections/{name}"),
]


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _operations(spec: dict) -> list[tuple[str, str]]:
    calls = [
        (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if not path.startswith("/collections")
    ]
    return calls + COLLECTION_FLOW


def _call(client: Client, spec: dict, method: str, path: str):
    operation = spec["paths"][path][method]
    module = importlib.import_module(
        f"linalg_server_api.api.{operation['tags'][0]}.{operation['operationId']}"
    )
    kwargs = {}
    if "{name}" in path:
        kwargs["name"] = "typed"
    if "{id}" in path:
        kwargs["id"] = "1"
    body = operation.get("requestBody")
    if body:
        content = body["content"]["application/json"]
        name = _schema_name(content["schema"]["$ref"])
        example = content.get("example", spec["components"]["schemas"][name].get("example"))
        kwargs["body"] = getattr(models, name).from_dict(example)
    return operation, module.sync_detailed(client=client, **kwargs)


def test_every_operation_answers_its_example_with_its_typed_model(server_url: str, spec: dict) -> None:
    client = Client(base_url=server_url, raise_on_unexpected_status=True)
    calls = _operations(spec)
    documented = sum(len(item) for item in spec["paths"].values())
    assert len(set(calls)) == documented, "every documented operation is called"
    # the generator has no model for an image answer, so a picture's 200 is "unexpected" to a
    # strict client: pictures are called with a lenient one and read from `content`
    lenient = Client(base_url=server_url)
    for method, path in calls:
        picture = path.startswith("/visualize/")
        operation, response = _call(lenient if picture else client, spec, method, path)
        assert 200 <= response.status_code < 300, (method, path, response.content[:300])
        ok = operation["responses"][str(response.status_code)]
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            model = getattr(models, _schema_name(schema["$ref"]))
            assert isinstance(response.parsed, model), (method, path, type(response.parsed))
            assert response.parsed.timing.total_us >= 0
        elif picture:
            # a picture: the generated call hands back the bytes
            assert response.content.startswith(b"<svg"), (method, path, response.content[:100])
            assert response.headers["content-type"].startswith("image/svg+xml")
        else:
            assert response.status_code == 204 or path == "/metrics", (method, path)


def test_typed_calls_as_a_user_writes_them(server_url: str) -> None:
    client = Client(base_url=server_url, raise_on_unexpected_status=True)

    decomposition = svd.sync(client=client, body=SvdRequest(matrix=[[3.0, 0.0], [4.0, 5.0]]))
    assert decomposition.s == pytest.approx([45**0.5, 5**0.5])

    created = create_collection.sync(
        client=client, name="typed-user", body=CreateCollectionRequest(dimension=2, metric=Metric.COSINE)
    )
    assert (created.dimension, created.metric) == (2, Metric.COSINE)
    stored = upsert_points.sync(
        client=client,
        name="typed-user",
        body=UpsertRequest(points=[PointIn(id=1, vector=[1.0, 0.0]), PointIn(id="doc-7", vector=[0.6, 0.8])]),
    )
    assert stored.upserted == 2
    point = get_point.sync(client=client, name="typed-user", id="doc-7")
    assert (point.id, point.vector) == ("doc-7", [0.6, 0.8])
    found = search_collection.sync(
        client=client, name="typed-user", body=CollectionSearchRequest(query=[0.0, 1.0], k=1)
    )
    assert [hit.id for hit in found.results] == ["doc-7"]

    verdict = grade.sync(
        client=client,
        body=GradeRequest(
            op=OpName.DOT,
            input_=JsonObject.from_dict({"a": [1, 2, 3], "b": [4, 5, 6]}),
            answer=JsonObject.from_dict({"dot": 31}),
        ),
    )
    assert verdict.correct is False and verdict.fields[0].field == "dot"

    exercise = exercises.sync(client=client, body=ExerciseRequest(kind=OpName.INVERSE, seed=7))
    assert exercise.op == OpName.INVERSE and exercise.seed == 7
