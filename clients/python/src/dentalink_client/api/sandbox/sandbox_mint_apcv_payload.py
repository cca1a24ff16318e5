from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.mint_request import MintRequest
from ...models.minted_payload import MintedPayload
from ...models.problem import Problem
from ...models.sandbox_mint_apcv_payload_x_acting_role import SandboxMintApcvPayloadXActingRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: MintRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxMintApcvPayloadXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)


    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sandbox/apcv-payloads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MintedPayload | Problem | None:
    if response.status_code == 201:
        response_201 = MintedPayload.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())



        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MintedPayload | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MintRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxMintApcvPayloadXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[MintedPayload | Problem]:
    """ Mint an apCV payload for a sandbox patient (sandbox only)

     Signs the patient's app content with the sandbox issuer's current key, as the real app would when
    read by QR code or NFC. Disabled (404) when the sandbox is off.

    The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

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
    | `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes)
    |
    | `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
    | `apcv` | the app content below; no medical data |

    **`apcv` content**

    - `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
      `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
    - `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked
    the app
    - `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each
    beneficiary:
      `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
      `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
      `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
      (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

    All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

    **Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless
    noted):
    `apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
    `apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-
    valid`,
    `apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
    session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
    chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
    `adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
    A refused payload opens nothing and does not spend its nonce.

    **Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
    listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
    at `GET /v1/sandbox/apcv-issuer/jwks.json`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `sandbox`. Sandbox
    helpers for integrators, with fictitious data only. Sandbox mode only.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxMintApcvPayloadXActingRole | Unset):
        idempotency_key (str | Unset):
        body (MintRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MintedPayload | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: MintRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxMintApcvPayloadXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> MintedPayload | Problem | None:
    """ Mint an apCV payload for a sandbox patient (sandbox only)

     Signs the patient's app content with the sandbox issuer's current key, as the real app would when
    read by QR code or NFC. Disabled (404) when the sandbox is off.

    The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

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
    | `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes)
    |
    | `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
    | `apcv` | the app content below; no medical data |

    **`apcv` content**

    - `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
      `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
    - `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked
    the app
    - `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each
    beneficiary:
      `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
      `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
      `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
      (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

    All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

    **Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless
    noted):
    `apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
    `apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-
    valid`,
    `apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
    session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
    chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
    `adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
    A refused payload opens nothing and does not spend its nonce.

    **Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
    listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
    at `GET /v1/sandbox/apcv-issuer/jwks.json`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `sandbox`. Sandbox
    helpers for integrators, with fictitious data only. Sandbox mode only.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxMintApcvPayloadXActingRole | Unset):
        idempotency_key (str | Unset):
        body (MintRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MintedPayload | Problem
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MintRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxMintApcvPayloadXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[MintedPayload | Problem]:
    """ Mint an apCV payload for a sandbox patient (sandbox only)

     Signs the patient's app content with the sandbox issuer's current key, as the real app would when
    read by QR code or NFC. Disabled (404) when the sandbox is off.

    The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

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
    | `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes)
    |
    | `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
    | `apcv` | the app content below; no medical data |

    **`apcv` content**

    - `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
      `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
    - `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked
    the app
    - `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each
    beneficiary:
      `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
      `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
      `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
      (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

    All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

    **Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless
    noted):
    `apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
    `apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-
    valid`,
    `apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
    session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
    chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
    `adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
    A refused payload opens nothing and does not spend its nonce.

    **Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
    listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
    at `GET /v1/sandbox/apcv-issuer/jwks.json`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `sandbox`. Sandbox
    helpers for integrators, with fictitious data only. Sandbox mode only.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxMintApcvPayloadXActingRole | Unset):
        idempotency_key (str | Unset):
        body (MintRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MintedPayload | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MintRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxMintApcvPayloadXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> MintedPayload | Problem | None:
    """ Mint an apCV payload for a sandbox patient (sandbox only)

     Signs the patient's app content with the sandbox issuer's current key, as the real app would when
    read by QR code or NFC. Disabled (404) when the sandbox is off.

    The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

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
    | `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes)
    |
    | `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
    | `apcv` | the app content below; no medical data |

    **`apcv` content**

    - `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
      `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
    - `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked
    the app
    - `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each
    beneficiary:
      `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
      `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
      `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
      (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

    All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

    **Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless
    noted):
    `apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
    `apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-
    valid`,
    `apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
    session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
    chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
    `adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
    A refused payload opens nothing and does not spend its nonce.

    **Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
    listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
    at `GET /v1/sandbox/apcv-issuer/jwks.json`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `sandbox`. Sandbox
    helpers for integrators, with fictitious data only. Sandbox mode only.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxMintApcvPayloadXActingRole | Unset):
        idempotency_key (str | Unset):
        body (MintRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MintedPayload | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
