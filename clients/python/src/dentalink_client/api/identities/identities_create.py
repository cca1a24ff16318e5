from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.identities_create_x_acting_role import IdentitiesCreateXActingRole
from ...models.identity_create import IdentityCreate
from ...models.identity_out import IdentityOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: IdentityCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCreateXActingRole | Unset = UNSET,
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
        "url": "/v1/identities",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IdentityOut | Problem | None:
    if response.status_code == 201:
        response_201 = IdentityOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IdentityOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IdentityCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[IdentityOut | Problem]:
    """ Create an identity from typed traits (and a known INS)

     Starts PROV, collected manually (SM). If an identity of the practice holds the matricule or has the
    same traits (birth name, first birth first name, birth date, sex; compared without case, accents,
    hyphens or apostrophes), answers 409 `duplicate-identity` listing it, with a `Link` header: no
    duplicate is ever created, concurrent requests included. A true homonym (same traits, other person)
    is created by listing the matching ids in `acknowledged_homonyms`: every one of them then carries
    HOMA. Mismatches between the matricule and the traits come back as `alerts`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (IdentityCreate): Traits as typed by the user, and the INS when it is already known
            (matricule + OID).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityOut | Problem]
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
    body: IdentityCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> IdentityOut | Problem | None:
    """ Create an identity from typed traits (and a known INS)

     Starts PROV, collected manually (SM). If an identity of the practice holds the matricule or has the
    same traits (birth name, first birth first name, birth date, sex; compared without case, accents,
    hyphens or apostrophes), answers 409 `duplicate-identity` listing it, with a `Link` header: no
    duplicate is ever created, concurrent requests included. A true homonym (same traits, other person)
    is created by listing the matching ids in `acknowledged_homonyms`: every one of them then carries
    HOMA. Mismatches between the matricule and the traits come back as `alerts`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (IdentityCreate): Traits as typed by the user, and the INS when it is already known
            (matricule + OID).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityOut | Problem
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
    body: IdentityCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[IdentityOut | Problem]:
    """ Create an identity from typed traits (and a known INS)

     Starts PROV, collected manually (SM). If an identity of the practice holds the matricule or has the
    same traits (birth name, first birth first name, birth date, sex; compared without case, accents,
    hyphens or apostrophes), answers 409 `duplicate-identity` listing it, with a `Link` header: no
    duplicate is ever created, concurrent requests included. A true homonym (same traits, other person)
    is created by listing the matching ids in `acknowledged_homonyms`: every one of them then carries
    HOMA. Mismatches between the matricule and the traits come back as `alerts`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (IdentityCreate): Traits as typed by the user, and the INS when it is already known
            (matricule + OID).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityOut | Problem]
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
    body: IdentityCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> IdentityOut | Problem | None:
    """ Create an identity from typed traits (and a known INS)

     Starts PROV, collected manually (SM). If an identity of the practice holds the matricule or has the
    same traits (birth name, first birth first name, birth date, sex; compared without case, accents,
    hyphens or apostrophes), answers 409 `duplicate-identity` listing it, with a `Link` header: no
    duplicate is ever created, concurrent requests included. A true homonym (same traits, other person)
    is created by listing the matching ids in `acknowledged_homonyms`: every one of them then carries
    HOMA. Mismatches between the matricule and the traits come back as `alerts`.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:write`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (IdentityCreate): Traits as typed by the user, and the INS when it is already known
            (matricule + OID).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
