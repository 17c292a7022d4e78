from enum import StrEnum


class NormName(StrEnum):
    FRO = "fro"
    INF = "inf"
    L1 = "l1"
    L2 = "l2"
    LINF = "linf"
    NUC = "nuc"
    SPECTRAL = "spectral"
    VALUE_4 = "-inf"

    def __str__(self) -> str:
        return str(self.value)
