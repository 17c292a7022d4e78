from enum import StrEnum


class Misconception(StrEnum):
    ADJUGATE_NOT_TRANSPOSED = "adjugate-not-transposed"
    ASCENDING_ORDER = "ascending-order"
    DDOF = "ddof"
    ELEMENTWISE_PRODUCT = "elementwise-product"
    FACTORS_SWAPPED = "factors-swapped"
    MISSING_DETERMINANT_SCALE = "missing-determinant-scale"
    MISSING_SCALE = "missing-scale"
    ONE_BASED = "one-based"
    PRODUCT_ORDER = "product-order"
    RADIANS_DEGREES = "radians-degrees"
    SIGN_ERROR = "sign-error"
    SQUARED = "squared"
    TOO_FEW_DIGITS = "too-few-digits"
    TRANSPOSED = "transposed"

    def __str__(self) -> str:
        return str(self.value)
