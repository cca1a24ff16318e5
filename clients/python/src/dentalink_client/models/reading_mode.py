from enum import StrEnum

class ReadingMode(StrEnum):
    NFC = "nfc"
    QR = "qr"

    def __str__(self) -> str:
        return str(self.value)
