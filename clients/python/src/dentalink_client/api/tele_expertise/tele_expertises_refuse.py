from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.expertise_view import ExpertiseView
from ...models.problem import Problem
from ...models.tele_expertises_refuse_x_acting_role import TeleExpertisesRefuseXActingRole
from ...models.telemed_refusal_request import TelemedRefusalRequest
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    expertise_id: UUID,
    *,
    body: TelemedRefusalRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRefuseXActingRole | Unset = UNSET,
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
        "url": "/v1/tele-expertises/{expertise_id}/refusal".format(expertise_id=quote(str(expertise_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExpertiseView | Problem | None:
    if response.status_code == 200:
        response_200 = ExpertiseView.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ExpertiseView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    expertise_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TelemedRefusalRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRefuseXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ExpertiseView | Problem]:
    """ The requis declines (e.g. outside his field of expertise); no act is recorded

     **Habilitation**: roles `dentist`, `specialist`; scope `telemed:write`. Only the requis (a dentist
    or a specialist) answers a tele-expertise (DOMAIN.md §6). Audited: every call is written to the
    practice's audit trail.

    Args:
        expertise_id (UUID): The tele-expertise's id (from `POST /v1/tele-expertises`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRefuseXActingRole | Unset):
        idempotency_key (str | Unset):
        body (TelemedRefusalRequest): Why the requis declines (avenant 1 art. 58.1.2: e.g. outside
            his field of expertise).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExpertiseView | Problem]
     """


    kwargs = _get_kwargs(
        expertise_id=expertise_id,
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
    expertise_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TelemedRefusalRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRefuseXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ExpertiseView | Problem | None:
    """ The requis declines (e.g. outside his field of expertise); no act is recorded

     **Habilitation**: roles `dentist`, `specialist`; scope `telemed:write`. Only the requis (a dentist
    or a specialist) answers a tele-expertise (DOMAIN.md §6). Audited: every call is written to the
    practice's audit trail.

    Args:
        expertise_id (UUID): The tele-expertise's id (from `POST /v1/tele-expertises`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRefuseXActingRole | Unset):
        idempotency_key (str | Unset):
        body (TelemedRefusalRequest): Why the requis declines (avenant 1 art. 58.1.2: e.g. outside
            his field of expertise).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExpertiseView | Problem
     """


    return sync_detailed(
        expertise_id=expertise_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    expertise_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TelemedRefusalRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRefuseXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ExpertiseView | Problem]:
    """ The requis declines (e.g. outside his field of expertise); no act is recorded

     **Habilitation**: roles `dentist`, `specialist`; scope `telemed:write`. Only the requis (a dentist
    or a specialist) answers a tele-expertise (DOMAIN.md §6). Audited: every call is written to the
    practice's audit trail.

    Args:
        expertise_id (UUID): The tele-expertise's id (from `POST /v1/tele-expertises`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRefuseXActingRole | Unset):
        idempotency_key (str | Unset):
        body (TelemedRefusalRequest): Why the requis declines (avenant 1 art. 58.1.2: e.g. outside
            his field of expertise).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExpertiseView | Problem]
     """


    kwargs = _get_kwargs(
        expertise_id=expertise_id,
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
    expertise_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TelemedRefusalRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRefuseXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ExpertiseView | Problem | None:
    """ The requis declines (e.g. outside his field of expertise); no act is recorded

     **Habilitation**: roles `dentist`, `specialist`; scope `telemed:write`. Only the requis (a dentist
    or a specialist) answers a tele-expertise (DOMAIN.md §6). Audited: every call is written to the
    practice's audit trail.

    Args:
        expertise_id (UUID): The tele-expertise's id (from `POST /v1/tele-expertises`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRefuseXActingRole | Unset):
        idempotency_key (str | Unset):
        body (TelemedRefusalRequest): Why the requis declines (avenant 1 art. 58.1.2: e.g. outside
            his field of expertise).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExpertiseView | Problem
     """


    return (await asyncio_detailed(
        expertise_id=expertise_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
