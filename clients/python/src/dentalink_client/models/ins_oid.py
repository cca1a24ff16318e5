from enum import StrEnum

class InsOid(StrEnum):
    VALUE_0 = "1.2.250.1.213.1.4.8"
    VALUE_1 = "1.2.250.1.213.1.4.9"
    VALUE_2 = "1.2.250.1.213.1.4.10"
    VALUE_3 = "1.2.250.1.213.1.4.11"

    def __str__(self) -> str:
        return str(self.value)
