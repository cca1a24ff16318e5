from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.apcv_sessions_get_x_acting_role import ApcvSessionsGetXActingRole
from ...models.problem import Problem
from ...models.session_out import SessionOut
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    session_id: UUID,
    *,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: ApcvSessionsGetXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apcv-sessions/{session_id}".format(session_id=quote(str(session_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SessionOut | None:
    if response.status_code == 200:
        response_200 = SessionOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SessionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: ApcvSessionsGetXActingRole | Unset = UNSET,

) -> Response[Problem | SessionOut]:
    """ An apCV session of the practice, with its status now (open, closed or expired)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `apcv:read`. The e-carte
    Vitale is read by the care team to open the billing session (DOMAIN.md §4). Audited: every call is
    written to the practice's audit trail.

    Args:
        session_id (UUID): The apCV session's id (from `POST /v1/apcv-sessions`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (ApcvSessionsGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionOut]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: ApcvSessionsGetXActingRole | Unset = UNSET,

) -> Problem | SessionOut | None:
    """ An apCV session of the practice, with its status now (open, closed or expired)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `apcv:read`. The e-carte
    Vitale is read by the care team to open the billing session (DOMAIN.md §4). Audited: every call is
    written to the practice's audit trail.

    Args:
        session_id (UUID): The apCV session's id (from `POST /v1/apcv-sessions`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (ApcvSessionsGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionOut
     """


    return sync_detailed(
        session_id=session_id,
client=client,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: ApcvSessionsGetXActingRole | Unset = UNSET,

) -> Response[Problem | SessionOut]:
    """ An apCV session of the practice, with its status now (open, closed or expired)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `apcv:read`. The e-carte
    Vitale is read by the care team to open the billing session (DOMAIN.md §4). Audited: every call is
    written to the practice's audit trail.

    Args:
        session_id (UUID): The apCV session's id (from `POST /v1/apcv-sessions`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (ApcvSessionsGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionOut]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: ApcvSessionsGetXActingRole | Unset = UNSET,

) -> Problem | SessionOut | None:
    """ An apCV session of the practice, with its status now (open, closed or expired)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `apcv:read`. The e-carte
    Vitale is read by the care team to open the billing session (DOMAIN.md §4). Audited: every call is
    written to the practice's audit trail.

    Args:
        session_id (UUID): The apCV session's id (from `POST /v1/apcv-sessions`).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (ApcvSessionsGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionOut
     """


    return (await asyncio_detailed(
        session_id=session_id,
client=client,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
