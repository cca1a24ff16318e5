from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.care_act_out import CareActOut
from ...models.care_acts_list_x_acting_role import CareActsListXActingRole
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    on: datetime.date | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareActsListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_on: None | str | Unset
    if isinstance(on, Unset):
        json_on = UNSET
    elif isinstance(on, datetime.date):
        json_on = on.isoformat()
    else:
        json_on = on
    params["on"] = json_on


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/care-acts",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[CareActOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = CareActOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | list[CareActOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareActsListXActingRole | Unset = UNSET,

) -> Response[Problem | list[CareActOut]]:
    """ Dental acts a care sheet may carry, priced on a date

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:read`. The act
    catalogue is reference data for the care team.

    Args:
        on (datetime.date | None | Unset): Default today (Paris)
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareActsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[CareActOut]]
     """


    kwargs = _get_kwargs(
        on=on,
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
    on: datetime.date | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareActsListXActingRole | Unset = UNSET,

) -> Problem | list[CareActOut] | None:
    """ Dental acts a care sheet may carry, priced on a date

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:read`. The act
    catalogue is reference data for the care team.

    Args:
        on (datetime.date | None | Unset): Default today (Paris)
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareActsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[CareActOut]
     """


    return sync_detailed(
        client=client,
on=on,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareActsListXActingRole | Unset = UNSET,

) -> Response[Problem | list[CareActOut]]:
    """ Dental acts a care sheet may carry, priced on a date

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:read`. The act
    catalogue is reference data for the care team.

    Args:
        on (datetime.date | None | Unset): Default today (Paris)
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareActsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[CareActOut]]
     """


    kwargs = _get_kwargs(
        on=on,
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
    on: datetime.date | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: CareActsListXActingRole | Unset = UNSET,

) -> Problem | list[CareActOut] | None:
    """ Dental acts a care sheet may carry, priced on a date

     **Habilitation**: roles `dental_assistant`, `dentist`, `specialist`; scope `billing:read`. The act
    catalogue is reference data for the care team.

    Args:
        on (datetime.date | None | Unset): Default today (Paris)
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (CareActsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[CareActOut]
     """


    return (await asyncio_detailed(
        client=client,
on=on,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
