from enum import StrEnum


class Code(StrEnum):
    DEPENDENT_VECTORS = "dependent-vectors"
    MISSING = "missing"
    NOT_EIGENVECTOR = "not-eigenvector"
    NOT_EXACT = "not-exact"
    NOT_NORMALIZED = "not-normalized"
    NOT_ORTHONORMAL = "not-orthonormal"
    OK = "ok"
    WRONG_DIMENSION = "wrong-dimension"
    WRONG_ORDER = "wrong-order"
    WRONG_SHAPE = "wrong-shape"
    WRONG_SIGN_PAIRING = "wrong-sign-pairing"
    WRONG_SPAN = "wrong-span"
    WRONG_TYPE = "wrong-type"
    WRONG_VALUES = "wrong-values"

    def __str__(self) -> str:
        return str(self.value)
