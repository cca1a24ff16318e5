"""Personal fields of events travel sealed: AES-256-GCM per field, under a rotatable key ring.

ARCHITECTURE.md (Events): an event carries what its consumers need (ids, statuses, the pseudonymous
key); identity traits, NIRs and clinical text travel by reference or encrypted per field, never in
clear. Two ways were open for the personal fields a consumer does need (the INS, birth data, the apCV
beneficiary, the report):

- **By reference**: the event carries an id and the consumer fetches the data from the owner over the
  internal API. The owner controls every access, and nothing personal ever reaches the broker; but each
  consumer now depends on the owner being up (availability coupling: a consumer that cannot fetch must
  retry or dead-letter), every event costs an extra call, and the owner must keep the data as it was
  when the event was emitted (a later change would be read instead of the one announced).
- **Encrypted per field** (chosen): the event stays self-contained — a consumer needs no other service
  to act on it, replays and dead-letter re-drives still work after the owner changed or deleted the
  data — while the broker, its disks, the dead-letter topics, the outbox tables and anyone reading a
  topic see ciphertext only. The cost is key distribution: every consumer of a sealed field holds the
  key ring (one ring for the platform today; per-topic rings would narrow who can read what), and keys
  must rotate without losing the events already written.

A sealed field is `{"kid": ..., "nonce": ..., "ciphertext": ...}` (base64url, no padding):
AES-256-GCM (authenticated: a modified ciphertext, nonce or key id fails to open) of the field's JSON
value, with associated data `<event type>#<field name>` — a ciphertext copied into another field or
another event type fails to open. The key ring is an ordered list of (key id, 256-bit key): the first
key seals, every key opens, so a new key is put first and the old one kept until the topics' retention
has expired every event it sealed. The ring comes from `DENTALINK_FIELD_KEYS`
(`kid:base64url-key[,kid:base64url-key...]`); outside production a well-known development key is used
when none is set, and servicekit refuses it in production ("development field key").
"""

import base64
import binascii
import hashlib
import os
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

T = TypeVar("T")

FIELD_KEYS_VARIABLE = "DENTALINK_FIELD_KEYS"
# Well known, so every local service shares it; servicekit refuses it in production.
DEV_FIELD_KEY_ID = "dev-not-for-production"
DEV_FIELD_KEY = hashlib.sha256(b"dentalink-development-field-key-not-for-production").digest()
KEY_BYTES = 32
NONCE_BYTES = 12

_Base64Url = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=4_000_000)]
_KeyId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]


class Sealed(BaseModel, Generic[T]):
    """A personal field sealed with AES-256-GCM; `T` is the type of the value once opened."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "description": "A personal field sealed with AES-256-GCM (dentalink_contracts.sealing): key id, "
            "nonce and ciphertext+tag, base64url; associated data `<event type>#<field name>`.",
            "x-sealed": True,
        },
    )

    kid: _KeyId
    nonce: _Base64Url
    ciphertext: _Base64Url

    @classmethod
    def value_type(cls) -> Any:
        """The type the sealed value opens to (`Any` for an unparametrised `Sealed`)."""
        args = cls.__pydantic_generic_metadata__["args"]
        return args[0] if args else Any


def sealed_class_of(annotation: Any) -> type[Sealed[Any]] | None:
    """The `Sealed[...]` class of a field's annotation (`Sealed[X]` or `Sealed[X] | None`), else None."""
    if isinstance(annotation, type) and issubclass(annotation, Sealed):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = sealed_class_of(arg)
            if found is not None:
                return found
    return None


class SealingError(ValueError):
    """A sealed field cannot be opened: unknown key id, wrong key, altered or moved ciphertext.

    Its message never contains the value nor the key."""


class FieldKeysError(ValueError):
    """The key ring configuration is malformed (its message never contains a key)."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def associated_data(event_type: str, field: str) -> bytes:
    """What a sealed field is bound to: the CloudEvents type of its event and the field's name."""
    return f"{event_type}#{field}".encode()


@dataclass(frozen=True)
class FieldKey:
    kid: str
    key: bytes

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", self.kid):
            raise FieldKeysError("a field key id is 1 to 64 letters, digits, '.', '_' or '-'")
        if len(self.key) != KEY_BYTES:
            raise FieldKeysError(f"field key {self.kid!r} is not {KEY_BYTES} bytes")

    def __repr__(self) -> str:  # never the key
        return f"FieldKey(kid={self.kid!r})"


EventOrType = str | type[Any] | Any


def _event_type(event: EventOrType) -> str:
    return event if isinstance(event, str) else str(event.event_type)


class FieldKeyRing:
    """Seals with the first key, opens with whichever key the field names (key rotation)."""

    def __init__(self, keys: Sequence[FieldKey]) -> None:
        if not keys:
            raise FieldKeysError("a field key ring needs at least one key")
        kids = [key.kid for key in keys]
        if len(set(kids)) != len(kids):
            raise FieldKeysError("field key ids must be unique")
        self._sealing = keys[0]
        self._keys = {key.kid: AESGCM(key.key) for key in keys}

    @property
    def sealing_kid(self) -> str:
        return self._sealing.kid

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def __repr__(self) -> str:
        return f"FieldKeyRing(kids={list(self._keys)!r})"

    def seal(self, value: T, event: EventOrType, field: str) -> Sealed[T]:
        """Seal `value` as field `field` of `event` (an event, its class or its CloudEvents type).

        With an event (class), the value is written as the field's `Sealed[X]` declares X."""
        event_class = event if isinstance(event, (type, str)) else type(event)
        declared = getattr(event_class, "model_fields", {}).get(field)
        sealed_class = sealed_class_of(declared.annotation) if declared is not None else None
        value_type: Any = sealed_class.value_type() if sealed_class is not None else type(value)
        plaintext = TypeAdapter(value_type).dump_json(value)
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = self._keys[self._sealing.kid].encrypt(
            nonce, plaintext, associated_data(_event_type(event), field)
        )
        sealed_type = sealed_class or cast(type[Sealed[T]], Sealed[value_type])
        return sealed_type(kid=self._sealing.kid, nonce=_b64encode(nonce), ciphertext=_b64encode(ciphertext))

    def open(self, sealed: Sealed[T], event: EventOrType, field: str) -> T:
        """The value of a sealed field of `event`; SealingError when it cannot be opened."""
        cipher = self._keys.get(sealed.kid)
        if cipher is None:
            raise SealingError(f"field {field!r} is sealed under a key this ring does not hold")
        try:
            plaintext = cipher.decrypt(
                _b64decode(sealed.nonce),
                _b64decode(sealed.ciphertext),
                associated_data(_event_type(event), field),
            )
        except (InvalidTag, ValueError, binascii.Error) as error:
            raise SealingError(f"field {field!r} does not open: altered, moved or wrong key") from error
        try:
            return cast(T, TypeAdapter(type(sealed).value_type()).validate_json(plaintext))
        except ValidationError:  # the error would quote the value: not chained, not shown
            raise SealingError(f"field {field!r} opens to a value of another shape") from None


def parse_field_keys(spec: str) -> FieldKeyRing:
    """A ring from `kid:base64url-key[,kid:base64url-key...]`, the first key sealing."""
    keys = []
    for index, entry in enumerate(part.strip() for part in spec.split(",") if part.strip()):
        kid, separator, encoded = entry.partition(":")
        if not separator or not kid:
            raise FieldKeysError(f"field key #{index + 1} is not `kid:base64url-key`")
        try:
            raw = _b64decode(encoded.strip())
        except (ValueError, binascii.Error) as error:
            raise FieldKeysError(f"field key {kid!r} is not base64url") from error
        keys.append(FieldKey(kid.strip(), raw))
    return FieldKeyRing(keys)


@lru_cache(maxsize=16)
def field_key_ring(spec: str | None) -> FieldKeyRing:
    """The ring configured by `spec`, else the development ring (parsed once per distinct spec)."""
    if spec is None or not spec.strip():
        return development_field_keys()
    return parse_field_keys(spec)


@lru_cache(maxsize=1)
def development_field_keys() -> FieldKeyRing:
    """The well-known development ring: never for production data (servicekit refuses it there)."""
    return FieldKeyRing([FieldKey(DEV_FIELD_KEY_ID, DEV_FIELD_KEY)])


def new_field_key_spec(kid: str) -> str:
    """A fresh `kid:key` entry to put first in DENTALINK_FIELD_KEYS when rotating."""
    return f"{kid}:{_b64encode(os.urandom(KEY_BYTES))}"


def sealed_json_bytes(value: Any) -> int:
    """An upper bound of the bytes `value` takes once sealed, in an event's JSON: ciphertext (the
    value's JSON plus the 16-byte tag) and nonce in base64url, the longest key id, and the JSON
    punctuation of the three members."""
    plaintext = len(TypeAdapter(type(value)).dump_json(value)) + 16
    return -(-4 * plaintext // 3) + -(-4 * NONCE_BYTES // 3) + 64 + 64
