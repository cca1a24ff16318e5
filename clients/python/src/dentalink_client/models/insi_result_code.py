from enum import StrEnum

class InsiResultCode(StrEnum):
    VALUE_0 = "00"
    VALUE_1 = "01"
    VALUE_2 = "02"

    def __str__(self) -> str:
        return str(self.value)
