from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.expertise_request import ExpertiseRequest
from ...models.expertise_view import ExpertiseView
from ...models.problem import Problem
from ...models.tele_expertises_request_x_acting_role import TeleExpertisesRequestXActingRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: ExpertiseRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRequestXActingRole | Unset = UNSET,
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
        "url": "/v1/tele-expertises",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExpertiseView | Problem | None:
    if response.status_code == 201:
        response_201 = ExpertiseView.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ExpertiseView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ExpertiseRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRequestXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ExpertiseView | Problem]:
    """ Request a tele-expertise (the caller is the requérant)

     The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON.

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `telemed:write`. Tele-
    expertise is between health professionals, EHPAD staff included (DOMAIN.md §6). Audited: every call
    is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRequestXActingRole | Unset):
        idempotency_key (str | Unset):
        body (ExpertiseRequest): A request for a dental tele-expertise, made by the calling
            professional (the requérant).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExpertiseView | Problem]
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
    body: ExpertiseRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRequestXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ExpertiseView | Problem | None:
    """ Request a tele-expertise (the caller is the requérant)

     The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON.

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `telemed:write`. Tele-
    expertise is between health professionals, EHPAD staff included (DOMAIN.md §6). Audited: every call
    is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRequestXActingRole | Unset):
        idempotency_key (str | Unset):
        body (ExpertiseRequest): A request for a dental tele-expertise, made by the calling
            professional (the requérant).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExpertiseView | Problem
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
    body: ExpertiseRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRequestXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ExpertiseView | Problem]:
    """ Request a tele-expertise (the caller is the requérant)

     The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON.

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `telemed:write`. Tele-
    expertise is between health professionals, EHPAD staff included (DOMAIN.md §6). Audited: every call
    is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRequestXActingRole | Unset):
        idempotency_key (str | Unset):
        body (ExpertiseRequest): A request for a dental tele-expertise, made by the calling
            professional (the requérant).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExpertiseView | Problem]
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
    body: ExpertiseRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: TeleExpertisesRequestXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ExpertiseView | Problem | None:
    """ Request a tele-expertise (the caller is the requérant)

     The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON.

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `telemed:write`. Tele-
    expertise is between health professionals, EHPAD staff included (DOMAIN.md §6). Audited: every call
    is written to the practice's audit trail.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (TeleExpertisesRequestXActingRole | Unset):
        idempotency_key (str | Unset):
        body (ExpertiseRequest): A request for a dental tele-expertise, made by the calling
            professional (the requérant).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExpertiseView | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
