from enum import StrEnum


class OpName(StrEnum):
    ATTENTION = "attention"
    CHOLESKY = "cholesky"
    COSINE = "cosine"
    COSINE_SEARCH = "cosine-search"
    CROSS = "cross"
    DETERMINANT = "determinant"
    DISTANCE = "distance"
    DOT = "dot"
    EIGEN = "eigen"
    INVERSE = "inverse"
    LINEAR_COMBINATION = "linear-combination"
    LORA = "lora"
    LOW_RANK = "low-rank"
    LSTSQ = "lstsq"
    LU = "lu"
    MATMUL = "matmul"
    NORM = "norm"
    PCA = "pca"
    PROJECT = "project"
    QR = "qr"
    RANK = "rank"
    RREF = "rref"
    SHAPES = "shapes"
    SOFTMAX = "softmax"
    SOLVE = "solve"
    SUBSPACES = "subspaces"
    SVD = "svd"
    TENSORMATMUL = "tensor/matmul"
    TENSORPERMUTE = "tensor/permute"
    TENSORRESHAPE = "tensor/reshape"
    TENSORTRANSPOSE = "tensor/transpose"
    TRANSPOSE = "transpose"

    def __str__(self) -> str:
        return str(self.value)
