from enum import StrEnum


class ShapeStepOp(StrEnum):
    MATMUL = "matmul"
    PERMUTE = "permute"
    RESHAPE = "reshape"
    TRANSPOSE = "transpose"

    def __str__(self) -> str:
        return str(self.value)
