from enum import StrEnum


class NamedMask(StrEnum):
    CAUSAL = "causal"

    def __str__(self) -> str:
        return str(self.value)
