from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.document_check_create import DocumentCheckCreate
from ...models.identities_check_document_x_acting_role import IdentitiesCheckDocumentXActingRole
from ...models.identity_change import IdentityChange
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    identity_id: UUID,
    *,
    body: DocumentCheckCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCheckDocumentXActingRole | Unset = UNSET,
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
        "url": "/v1/identities/{identity_id}/document-checks".format(identity_id=quote(str(identity_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IdentityChange | Problem | None:
    if response.status_code == 200:
        response_200 = IdentityChange.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IdentityChange | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    identity_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DocumentCheckCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCheckDocumentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[IdentityChange | Problem]:
    """ Record that the traits were checked against a high-trust document

     The document type and context only (never its number or an image), checked by the calling
    professional. Passport, national ID card (EU/EEA, CH, MC, AD, SM, VA nationals) and French residence
    permit; for a minor, a birth extract or livret de famille with a guardian's high-trust document; on
    direct EHPAD admission, either of those with a carte Vitale with photo. The carte Vitale alone is
    refused (422 `carte-vitale-not-proof`). PROV→VALI, RECUP→QUAL.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        identity_id (UUID): The identity's id (from `POST /v1/identities` or a search).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCheckDocumentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (DocumentCheckCreate): The high-trust document the traits were checked against: its
            type and context only, never
            its number or an image (extra fields are refused).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityChange | Problem]
     """


    kwargs = _get_kwargs(
        identity_id=identity_id,
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
    identity_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DocumentCheckCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCheckDocumentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> IdentityChange | Problem | None:
    """ Record that the traits were checked against a high-trust document

     The document type and context only (never its number or an image), checked by the calling
    professional. Passport, national ID card (EU/EEA, CH, MC, AD, SM, VA nationals) and French residence
    permit; for a minor, a birth extract or livret de famille with a guardian's high-trust document; on
    direct EHPAD admission, either of those with a carte Vitale with photo. The carte Vitale alone is
    refused (422 `carte-vitale-not-proof`). PROV→VALI, RECUP→QUAL.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        identity_id (UUID): The identity's id (from `POST /v1/identities` or a search).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCheckDocumentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (DocumentCheckCreate): The high-trust document the traits were checked against: its
            type and context only, never
            its number or an image (extra fields are refused).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityChange | Problem
     """


    return sync_detailed(
        identity_id=identity_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    identity_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DocumentCheckCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCheckDocumentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[IdentityChange | Problem]:
    """ Record that the traits were checked against a high-trust document

     The document type and context only (never its number or an image), checked by the calling
    professional. Passport, national ID card (EU/EEA, CH, MC, AD, SM, VA nationals) and French residence
    permit; for a minor, a birth extract or livret de famille with a guardian's high-trust document; on
    direct EHPAD admission, either of those with a carte Vitale with photo. The carte Vitale alone is
    refused (422 `carte-vitale-not-proof`). PROV→VALI, RECUP→QUAL.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        identity_id (UUID): The identity's id (from `POST /v1/identities` or a search).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCheckDocumentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (DocumentCheckCreate): The high-trust document the traits were checked against: its
            type and context only, never
            its number or an image (extra fields are refused).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityChange | Problem]
     """


    kwargs = _get_kwargs(
        identity_id=identity_id,
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
    identity_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DocumentCheckCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCheckDocumentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> IdentityChange | Problem | None:
    """ Record that the traits were checked against a high-trust document

     The document type and context only (never its number or an image), checked by the calling
    professional. Passport, national ID card (EU/EEA, CH, MC, AD, SM, VA nationals) and French residence
    permit; for a minor, a birth extract or livret de famille with a guardian's high-trust document; on
    direct EHPAD admission, either of those with a carte Vitale with photo. The carte Vitale alone is
    refused (422 `carte-vitale-not-proof`). PROV→VALI, RECUP→QUAL.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        identity_id (UUID): The identity's id (from `POST /v1/identities` or a search).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCheckDocumentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (DocumentCheckCreate): The high-trust document the traits were checked against: its
            type and context only, never
            its number or an image (extra fields are refused).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityChange | Problem
     """


    return (await asyncio_detailed(
        identity_id=identity_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
