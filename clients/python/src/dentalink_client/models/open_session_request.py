from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reading_mode import ReadingMode
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="OpenSessionRequest")



@_attrs_define
class OpenSessionRequest:
    """ The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

    The real format is not public (DOMAIN.md §4), so Dentalink defines its own. Reading the app by QR
    code or by NFC hands over the same string: a **compact JWS** (RFC 7515), signed **ES256** (ECDSA
    P-256, SHA-256) by the app issuer, short-lived and single-use. Pass it unchanged as `payload`.

    **Header** — exactly `{"alg": "ES256", "typ": "apcv+jwt", "kid": "<key id>"}`. `kid` names a key of
    the issuer's published key set (JWKS); after a key rotation the previous key stays published, so a
    payload it signed keeps verifying until it expires. Any other header member is refused.

    **Claims**

    | claim | meaning |
    | --- | --- |
    | `iss` | the app issuer (sandbox: `https://apcv.sandbox.dentalink.fr`) |
    | `aud` | `dentalink-vitale` (string or array containing it) |
    | `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes) |
    | `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
    | `apcv` | the app content below; no medical data |

    **`apcv` content**

    - `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
      `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
    - `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked the app
    - `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each beneficiary:
      `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
      `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
      `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
      (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

    All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

    **Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless noted):
    `apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
    `apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-valid`,
    `apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
    session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
    chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
    `adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
    A refused payload opens nothing and does not spend its nonce.

    **Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
    listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
    at `GET /v1/sandbox/apcv-issuer/jwks.json`.

        Attributes:
            payload (str): The compact JWS read from the app (QR code or NFC), unchanged. Format: see the model.
            reading_mode (ReadingMode):
            beneficiary_nir (None | str | Unset): NIR of the chosen beneficiary, compact or spaced as on the card (`1 84 12
                76 451 089 46`); may be omitted when the app has one.
     """

    payload: str
    reading_mode: ReadingMode
    beneficiary_nir: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        payload = self.payload

        reading_mode = self.reading_mode.value

        beneficiary_nir: None | str | Unset
        if isinstance(self.beneficiary_nir, Unset):
            beneficiary_nir = UNSET
        else:
            beneficiary_nir = self.beneficiary_nir


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "payload": payload,
            "reading_mode": reading_mode,
        })
        if beneficiary_nir is not UNSET:
            field_dict["beneficiary_nir"] = beneficiary_nir

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payload = d.pop("payload")

        reading_mode = ReadingMode(d.pop("reading_mode"))




        def _parse_beneficiary_nir(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        beneficiary_nir = _parse_beneficiary_nir(d.pop("beneficiary_nir", UNSET))


        open_session_request = cls(
            payload=payload,
            reading_mode=reading_mode,
            beneficiary_nir=beneficiary_nir,
        )

        return open_session_request

