from enum import StrEnum


class Requirement(StrEnum):
    EXACT = "exact"
    ORDER = "order"
    ORTHONORMAL = "orthonormal"
    UNIT = "unit"

    def __str__(self) -> str:
        return str(self.value)
