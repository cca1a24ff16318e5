from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.care_sheet_line_in import CareSheetLineIn
from ...models.care_sheet_out import CareSheetOut
from ...models.care_sheets_add_line_x_acting_role import CareSheetsAddLineXActingRole
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    sheet_id: UUID,
    *,
    body: CareSheetLineIn,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsAddLineXActingRole | Unset = UNSET,
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
        "url": "/v1/care-sheets/{sheet_id}/lines".format(sheet_id=quote(str(sheet_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CareSheetOut | Problem | None:
    if response.status_code == 200:
        response_200 = CareSheetOut.from_dict(response.json())



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

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())



        return response_410

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CareSheetOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    sheet_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CareSheetLineIn,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsAddLineXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[CareSheetOut | Problem]:
    """ Add an act to a draft care sheet (while its session is open)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:write`. The care
    team prepares care sheets inside the apCV session (DOMAIN.md §4). Audited: every call is written to
    the practice's audit trail.

    Args:
        sheet_id (UUID): The care sheet's id.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsAddLineXActingRole | Unset):
        idempotency_key (str | Unset):
        body (CareSheetLineIn): One act to put on the sheet; its price is the catalogue's on
            `performed_on`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CareSheetOut | Problem]
     """


    kwargs = _get_kwargs(
        sheet_id=sheet_id,
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
    sheet_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CareSheetLineIn,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsAddLineXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> CareSheetOut | Problem | None:
    """ Add an act to a draft care sheet (while its session is open)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:write`. The care
    team prepares care sheets inside the apCV session (DOMAIN.md §4). Audited: every call is written to
    the practice's audit trail.

    Args:
        sheet_id (UUID): The care sheet's id.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsAddLineXActingRole | Unset):
        idempotency_key (str | Unset):
        body (CareSheetLineIn): One act to put on the sheet; its price is the catalogue's on
            `performed_on`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CareSheetOut | Problem
     """


    return sync_detailed(
        sheet_id=sheet_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    sheet_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CareSheetLineIn,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsAddLineXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[CareSheetOut | Problem]:
    """ Add an act to a draft care sheet (while its session is open)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:write`. The care
    team prepares care sheets inside the apCV session (DOMAIN.md §4). Audited: every call is written to
    the practice's audit trail.

    Args:
        sheet_id (UUID): The care sheet's id.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsAddLineXActingRole | Unset):
        idempotency_key (str | Unset):
        body (CareSheetLineIn): One act to put on the sheet; its price is the catalogue's on
            `performed_on`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CareSheetOut | Problem]
     """


    kwargs = _get_kwargs(
        sheet_id=sheet_id,
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
    sheet_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CareSheetLineIn,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareSheetsAddLineXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> CareSheetOut | Problem | None:
    """ Add an act to a draft care sheet (while its session is open)

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:write`. The care
    team prepares care sheets inside the apCV session (DOMAIN.md §4). Audited: every call is written to
    the practice's audit trail.

    Args:
        sheet_id (UUID): The care sheet's id.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareSheetsAddLineXActingRole | Unset):
        idempotency_key (str | Unset):
        body (CareSheetLineIn): One act to put on the sheet; its price is the catalogue's on
            `performed_on`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CareSheetOut | Problem
     """


    return (await asyncio_detailed(
        sheet_id=sheet_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
