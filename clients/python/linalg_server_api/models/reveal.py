from enum import StrEnum


class Reveal(StrEnum):
    FULL = "full"
    HINT = "hint"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
