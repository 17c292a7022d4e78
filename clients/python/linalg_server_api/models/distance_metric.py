from enum import StrEnum


class DistanceMetric(StrEnum):
    CHEBYSHEV = "chebyshev"
    COSINE = "cosine"
    EUCLIDEAN = "euclidean"
    MANHATTAN = "manhattan"

    def __str__(self) -> str:
        return str(self.value)
