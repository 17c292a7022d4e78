from enum import StrEnum


class Distribution(StrEnum):
    NORMAL = "normal"
    UNIFORM = "uniform"

    def __str__(self) -> str:
        return str(self.value)
