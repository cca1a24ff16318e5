from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.care_sheet_status import CareSheetStatus
from ...models.care_sheets_list_x_acting_role import CareSheetsListXActingRole
from ...models.page_care_sheet_out import PageCareSheetOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    *,
    session_id: None | Unset | UUID = UNSET,
    status: CareSheetStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_session_id: None | str | Unset
    if isinstance(session_id, Unset):
        json_session_id = UNSET
    elif isinstance(session_id, UUID):
        json_session_id = str(session_id)
    else:
        json_session_id = session_id
    params["session_id"] = json_session_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, CareSheetStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/care-sheets",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageCareSheetOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageCareSheetOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageCareSheetOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    session_id: None | Unset | UUID = UNSET,
    status: CareSheetStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsListXActingRole | Unset = UNSET,

) -> Response[PageCareSheetOut | Problem]:
    """ The practice's care sheets, newest last (cursor pagination)

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        session_id (None | Unset | UUID): Only care sheets billed in this apCV session.
        status (CareSheetStatus | None | Unset): Only care sheets in this status: `draft`,
            `signed` or `cancelled`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCareSheetOut | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
status=status,
cursor=cursor,
limit=limit,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    session_id: None | Unset | UUID = UNSET,
    status: CareSheetStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsListXActingRole | Unset = UNSET,

) -> PageCareSheetOut | Problem | None:
    """ The practice's care sheets, newest last (cursor pagination)

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        session_id (None | Unset | UUID): Only care sheets billed in this apCV session.
        status (CareSheetStatus | None | Unset): Only care sheets in this status: `draft`,
            `signed` or `cancelled`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCareSheetOut | Problem
     """


    return sync_detailed(
        client=client,
session_id=session_id,
status=status,
cursor=cursor,
limit=limit,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    session_id: None | Unset | UUID = UNSET,
    status: CareSheetStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsListXActingRole | Unset = UNSET,

) -> Response[PageCareSheetOut | Problem]:
    """ The practice's care sheets, newest last (cursor pagination)

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        session_id (None | Unset | UUID): Only care sheets billed in this apCV session.
        status (CareSheetStatus | None | Unset): Only care sheets in this status: `draft`,
            `signed` or `cancelled`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCareSheetOut | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
status=status,
cursor=cursor,
limit=limit,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    session_id: None | Unset | UUID = UNSET,
    status: CareSheetStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsListXActingRole | Unset = UNSET,

) -> PageCareSheetOut | Problem | None:
    """ The practice's care sheets, newest last (cursor pagination)

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        session_id (None | Unset | UUID): Only care sheets billed in this apCV session.
        status (CareSheetStatus | None | Unset): Only care sheets in this status: `draft`,
            `signed` or `cancelled`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCareSheetOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
session_id=session_id,
status=status,
cursor=cursor,
limit=limit,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
