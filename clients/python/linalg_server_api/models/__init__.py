"""Contains all the data models used in inputs/outputs"""

from .attention_request import AttentionRequest
from .attention_response import AttentionResponse
from .cholesky_response import CholeskyResponse
from .code import Code
from .collection import Collection
from .collection_list import CollectionList
from .collection_response import CollectionResponse
from .collection_search_request import CollectionSearchRequest
from .collection_search_response import CollectionSearchResponse
from .collections_status import CollectionsStatus
from .complex_ import Complex
from .cosine_request import CosineRequest
from .cosine_response import CosineResponse
from .cosine_search_request import CosineSearchRequest
from .cosine_search_response import CosineSearchResponse
from .create_collection_request import CreateCollectionRequest
from .cross_request import CrossRequest
from .cross_response import CrossResponse
from .determinant_response import DeterminantResponse
from .distance_metric import DistanceMetric
from .distance_request import DistanceRequest
from .distance_response import DistanceResponse
from .distribution import Distribution
from .dot_request import DotRequest
from .dot_response import DotResponse
from .eigen_request import EigenRequest
from .eigen_response import EigenResponse
from .exercise_request import ExerciseRequest
from .exercise_response import ExerciseResponse
from .field_verdict import FieldVerdict
from .generated_operand import GeneratedOperand
from .grade_request import GradeRequest
from .grade_response import GradeResponse
from .index_hit import IndexHit
from .inverse_response import InverseResponse
from .json_object import JsonObject
from .linear_combination_request import LinearCombinationRequest
from .linear_combination_response import LinearCombinationResponse
from .lora_request import LoraRequest
from .lora_response import LoraResponse
from .low_rank_request import LowRankRequest
from .low_rank_response import LowRankResponse
from .lstsq_response import LstsqResponse
from .lu_response import LuResponse
from .matmul_request import MatmulRequest
from .matmul_response import MatmulResponse
from .matrix_request import MatrixRequest
from .metric import Metric
from .misconception import Misconception
from .named_mask import NamedMask
from .norm_name import NormName
from .norm_request import NormRequest
from .norm_response import NormResponse
from .op_name import OpName
from .pca_request import PcaRequest
from .pca_response import PcaResponse
from .permute_request import PermuteRequest
from .picture_matrix_request import PictureMatrixRequest
from .picture_pca_request import PicturePcaRequest
from .picture_projection_request import PictureProjectionRequest
from .point_hit import PointHit
from .point_in import PointIn
from .point_out import PointOut
from .point_out_payload_type_0 import PointOutPayloadType0
from .problem import Problem
from .project_request import ProjectRequest
from .project_response import ProjectResponse
from .qr_response import QrResponse
from .random_spec import RandomSpec
from .rank_request import RankRequest
from .rank_response import RankResponse
from .requirement import Requirement
from .reshape_request import ReshapeRequest
from .reveal import Reveal
from .rref_request import RrefRequest
from .rref_response import RrefResponse
from .shape_step import ShapeStep
from .shape_step_op import ShapeStepOp
from .shapes_request import ShapesRequest
from .shapes_response import ShapesResponse
from .softmax_request import SoftmaxRequest
from .softmax_response import SoftmaxResponse
from .solve_response import SolveResponse
from .status import Status
from .subspaces_response import SubspacesResponse
from .svd_request import SvdRequest
from .svd_response import SvdResponse
from .system_request import SystemRequest
from .tensor_in import TensorIn
from .tensor_matmul_request import TensorMatmulRequest
from .tensor_out import TensorOut
from .tensor_response import TensorResponse
from .timing import Timing
from .tolerance_in import ToleranceIn
from .transpose_response import TransposeResponse
from .transpose_tensor_request import TransposeTensorRequest
from .upsert_request import UpsertRequest
from .upsert_response import UpsertResponse

__all__ = (
    "AttentionRequest",
    "AttentionResponse",
    "CholeskyResponse",
    "Code",
    "Collection",
    "CollectionList",
    "CollectionResponse",
    "CollectionSearchRequest",
    "CollectionSearchResponse",
    "CollectionsStatus",
    "Complex",
    "CosineRequest",
    "CosineResponse",
    "CosineSearchRequest",
    "CosineSearchResponse",
    "CreateCollectionRequest",
    "CrossRequest",
    "CrossResponse",
    "DeterminantResponse",
    "DistanceMetric",
    "DistanceRequest",
    "DistanceResponse",
    "Distribution",
    "DotRequest",
    "DotResponse",
    "EigenRequest",
    "EigenResponse",
    "ExerciseRequest",
    "ExerciseResponse",
    "FieldVerdict",
    "GeneratedOperand",
    "GradeRequest",
    "GradeResponse",
    "IndexHit",
    "InverseResponse",
    "JsonObject",
    "LinearCombinationRequest",
    "LinearCombinationResponse",
    "LoraRequest",
    "LoraResponse",
    "LowRankRequest",
    "LowRankResponse",
    "LstsqResponse",
    "LuResponse",
    "MatmulRequest",
    "MatmulResponse",
    "MatrixRequest",
    "Metric",
    "Misconception",
    "NamedMask",
    "NormName",
    "NormRequest",
    "NormResponse",
    "OpName",
    "PcaRequest",
    "PcaResponse",
    "PermuteRequest",
    "PictureMatrixRequest",
    "PicturePcaRequest",
    "PictureProjectionRequest",
    "PointHit",
    "PointIn",
    "PointOut",
    "PointOutPayloadType0",
    "Problem",
    "ProjectRequest",
    "ProjectResponse",
    "QrResponse",
    "RandomSpec",
    "RankRequest",
    "RankResponse",
    "Requirement",
    "ReshapeRequest",
    "Reveal",
    "RrefRequest",
    "RrefResponse",
    "ShapeStep",
    "ShapeStepOp",
    "ShapesRequest",
    "ShapesResponse",
    "SoftmaxRequest",
    "SoftmaxResponse",
    "SolveResponse",
    "Status",
    "SubspacesResponse",
    "SvdRequest",
    "SvdResponse",
    "SystemRequest",
    "TensorIn",
    "TensorMatmulRequest",
    "TensorOut",
    "TensorResponse",
    "Timing",
    "ToleranceIn",
    "TransposeResponse",
    "TransposeTensorRequest",
    "UpsertRequest",
    "UpsertResponse",
)
