from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.agenda_get_x_acting_role import AgendaGetXActingRole
from ...models.agenda_view import AgendaView
from ...models.item_status import ItemStatus
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    ins: str,
    *,
    on: datetime.date | None | Unset = UNSET,
    pregnancy_start: datetime.date | None | Unset = UNSET,
    expected_delivery: datetime.date | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    status: list[ItemStatus] | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AgendaGetXActingRole | Unset = UNSET,

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

    json_pregnancy_start: None | str | Unset
    if isinstance(pregnancy_start, Unset):
        json_pregnancy_start = UNSET
    elif isinstance(pregnancy_start, datetime.date):
        json_pregnancy_start = pregnancy_start.isoformat()
    else:
        json_pregnancy_start = pregnancy_start
    params["pregnancy_start"] = json_pregnancy_start

    json_expected_delivery: None | str | Unset
    if isinstance(expected_delivery, Unset):
        json_expected_delivery = UNSET
    elif isinstance(expected_delivery, datetime.date):
        json_expected_delivery = expected_delivery.isoformat()
    else:
        json_expected_delivery = expected_delivery
    params["expected_delivery"] = json_expected_delivery

    json_delivery_date: None | str | Unset
    if isinstance(delivery_date, Unset):
        json_delivery_date = UNSET
    elif isinstance(delivery_date, datetime.date):
        json_delivery_date = delivery_date.isoformat()
    else:
        json_delivery_date = delivery_date
    params["delivery_date"] = json_delivery_date

    json_status: list[str] | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, list):
        json_status = []
        for status_type_0_item_data in status:
            status_type_0_item = status_type_0_item_data.value
            json_status.append(status_type_0_item)


    else:
        json_status = status
    params["status"] = json_status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/patients/{ins}/agenda".format(ins=quote(str(ins), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AgendaView | Problem | None:
    if response.status_code == 200:
        response_200 = AgendaView.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AgendaView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ins: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    pregnancy_start: datetime.date | None | Unset = UNSET,
    expected_delivery: datetime.date | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    status: list[ItemStatus] | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AgendaGetXActingRole | Unset = UNSET,

) -> Response[AgendaView | Problem]:
    """ The prevention agenda: items due, upcoming, overdue and done

     Computed on the day `on` (default today) from the record's birth date and sex and the pregnancy
    dates given, each rule from the version in force when its window opens.

    **What the list leaves out.** Items whose window opens more than 90 days after `on` (the upcoming
    horizon) and items whose window ended more than 365 days before `on` (the overdue look-back), done
    or not, are not listed: ask again with a later or earlier `on` to see them. Both are product
    choices, not rules (`dmp_service.domain.agenda.AgendaConfig`); they trim the list, never an item's
    status. Appointments are listed apart (`GET /v1/patients/{ins}/appointments`).

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:read`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        on (datetime.date | None | Unset): The day the agenda is computed for; default today.
        pregnancy_start (datetime.date | None | Unset): First day of the pregnancy, when the
            patient is pregnant (ISO 8601): adds the pregnancy oral examination.
        expected_delivery (datetime.date | None | Unset): Expected delivery date (ISO 8601), with
            `pregnancy_start`.
        delivery_date (datetime.date | None | Unset): Actual delivery date (ISO 8601), once the
            baby is born.
        status (list[ItemStatus] | None | Unset): Keep only these statuses.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AgendaGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgendaView | Problem]
     """


    kwargs = _get_kwargs(
        ins=ins,
on=on,
pregnancy_start=pregnancy_start,
expected_delivery=expected_delivery,
delivery_date=delivery_date,
status=status,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    ins: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    pregnancy_start: datetime.date | None | Unset = UNSET,
    expected_delivery: datetime.date | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    status: list[ItemStatus] | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AgendaGetXActingRole | Unset = UNSET,

) -> AgendaView | Problem | None:
    """ The prevention agenda: items due, upcoming, overdue and done

     Computed on the day `on` (default today) from the record's birth date and sex and the pregnancy
    dates given, each rule from the version in force when its window opens.

    **What the list leaves out.** Items whose window opens more than 90 days after `on` (the upcoming
    horizon) and items whose window ended more than 365 days before `on` (the overdue look-back), done
    or not, are not listed: ask again with a later or earlier `on` to see them. Both are product
    choices, not rules (`dmp_service.domain.agenda.AgendaConfig`); they trim the list, never an item's
    status. Appointments are listed apart (`GET /v1/patients/{ins}/appointments`).

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:read`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        on (datetime.date | None | Unset): The day the agenda is computed for; default today.
        pregnancy_start (datetime.date | None | Unset): First day of the pregnancy, when the
            patient is pregnant (ISO 8601): adds the pregnancy oral examination.
        expected_delivery (datetime.date | None | Unset): Expected delivery date (ISO 8601), with
            `pregnancy_start`.
        delivery_date (datetime.date | None | Unset): Actual delivery date (ISO 8601), once the
            baby is born.
        status (list[ItemStatus] | None | Unset): Keep only these statuses.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AgendaGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgendaView | Problem
     """


    return sync_detailed(
        ins=ins,
client=client,
on=on,
pregnancy_start=pregnancy_start,
expected_delivery=expected_delivery,
delivery_date=delivery_date,
status=status,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    ins: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    pregnancy_start: datetime.date | None | Unset = UNSET,
    expected_delivery: datetime.date | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    status: list[ItemStatus] | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AgendaGetXActingRole | Unset = UNSET,

) -> Response[AgendaView | Problem]:
    """ The prevention agenda: items due, upcoming, overdue and done

     Computed on the day `on` (default today) from the record's birth date and sex and the pregnancy
    dates given, each rule from the version in force when its window opens.

    **What the list leaves out.** Items whose window opens more than 90 days after `on` (the upcoming
    horizon) and items whose window ended more than 365 days before `on` (the overdue look-back), done
    or not, are not listed: ask again with a later or earlier `on` to see them. Both are product
    choices, not rules (`dmp_service.domain.agenda.AgendaConfig`); they trim the list, never an item's
    status. Appointments are listed apart (`GET /v1/patients/{ins}/appointments`).

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:read`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        on (datetime.date | None | Unset): The day the agenda is computed for; default today.
        pregnancy_start (datetime.date | None | Unset): First day of the pregnancy, when the
            patient is pregnant (ISO 8601): adds the pregnancy oral examination.
        expected_delivery (datetime.date | None | Unset): Expected delivery date (ISO 8601), with
            `pregnancy_start`.
        delivery_date (datetime.date | None | Unset): Actual delivery date (ISO 8601), once the
            baby is born.
        status (list[ItemStatus] | None | Unset): Keep only these statuses.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AgendaGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgendaView | Problem]
     """


    kwargs = _get_kwargs(
        ins=ins,
on=on,
pregnancy_start=pregnancy_start,
expected_delivery=expected_delivery,
delivery_date=delivery_date,
status=status,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    ins: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    pregnancy_start: datetime.date | None | Unset = UNSET,
    expected_delivery: datetime.date | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    status: list[ItemStatus] | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AgendaGetXActingRole | Unset = UNSET,

) -> AgendaView | Problem | None:
    """ The prevention agenda: items due, upcoming, overdue and done

     Computed on the day `on` (default today) from the record's birth date and sex and the pregnancy
    dates given, each rule from the version in force when its window opens.

    **What the list leaves out.** Items whose window opens more than 90 days after `on` (the upcoming
    horizon) and items whose window ended more than 365 days before `on` (the overdue look-back), done
    or not, are not listed: ask again with a later or earlier `on` to see them. Both are product
    choices, not rules (`dmp_service.domain.agenda.AgendaConfig`); they trim the list, never an item's
    status. Appointments are listed apart (`GET /v1/patients/{ins}/appointments`).

    **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:read`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        on (datetime.date | None | Unset): The day the agenda is computed for; default today.
        pregnancy_start (datetime.date | None | Unset): First day of the pregnancy, when the
            patient is pregnant (ISO 8601): adds the pregnancy oral examination.
        expected_delivery (datetime.date | None | Unset): Expected delivery date (ISO 8601), with
            `pregnancy_start`.
        delivery_date (datetime.date | None | Unset): Actual delivery date (ISO 8601), once the
            baby is born.
        status (list[ItemStatus] | None | Unset): Keep only these statuses.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AgendaGetXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgendaView | Problem
     """


    return (await asyncio_detailed(
        ins=ins,
client=client,
on=on,
pregnancy_start=pregnancy_start,
expected_delivery=expected_delivery,
delivery_date=delivery_date,
status=status,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
