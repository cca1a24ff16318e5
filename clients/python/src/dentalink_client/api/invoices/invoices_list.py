from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoice_status import InvoiceStatus
from ...models.invoices_list_x_acting_role import InvoicesListXActingRole
from ...models.page_invoice_out import PageInvoiceOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    practitioner: None | str | Unset = UNSET,
    patient: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_practitioner: None | str | Unset
    if isinstance(practitioner, Unset):
        json_practitioner = UNSET
    else:
        json_practitioner = practitioner
    params["practitioner"] = json_practitioner

    json_patient: None | str | Unset
    if isinstance(patient, Unset):
        json_patient = UNSET
    else:
        json_patient = patient
    params["patient"] = json_patient

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, InvoiceStatus):
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
        "url": "/v1/invoices",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageInvoiceOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageInvoiceOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageInvoiceOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    practitioner: None | str | Unset = UNSET,
    patient: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesListXActingRole | Unset = UNSET,

) -> Response[PageInvoiceOut | Problem]:
    """ The practice's tele-expertise invoices (billed and rejected acts), cursor pagination

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        practitioner (None | str | Unset): RPPS of the dentist
        patient (None | str | Unset): Pseudonymous patient key
        from_ (datetime.date | None | Unset): First act day, included
        to (datetime.date | None | Unset): Last act day, included
        status (InvoiceStatus | None | Unset): Only invoices in this status: `billed` or
            `rejected`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageInvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        practitioner=practitioner,
patient=patient,
from_=from_,
to=to,
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
    practitioner: None | str | Unset = UNSET,
    patient: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesListXActingRole | Unset = UNSET,

) -> PageInvoiceOut | Problem | None:
    """ The practice's tele-expertise invoices (billed and rejected acts), cursor pagination

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        practitioner (None | str | Unset): RPPS of the dentist
        patient (None | str | Unset): Pseudonymous patient key
        from_ (datetime.date | None | Unset): First act day, included
        to (datetime.date | None | Unset): Last act day, included
        status (InvoiceStatus | None | Unset): Only invoices in this status: `billed` or
            `rejected`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageInvoiceOut | Problem
     """


    return sync_detailed(
        client=client,
practitioner=practitioner,
patient=patient,
from_=from_,
to=to,
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
    practitioner: None | str | Unset = UNSET,
    patient: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesListXActingRole | Unset = UNSET,

) -> Response[PageInvoiceOut | Problem]:
    """ The practice's tele-expertise invoices (billed and rejected acts), cursor pagination

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        practitioner (None | str | Unset): RPPS of the dentist
        patient (None | str | Unset): Pseudonymous patient key
        from_ (datetime.date | None | Unset): First act day, included
        to (datetime.date | None | Unset): Last act day, included
        status (InvoiceStatus | None | Unset): Only invoices in this status: `billed` or
            `rejected`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageInvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        practitioner=practitioner,
patient=patient,
from_=from_,
to=to,
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
    practitioner: None | str | Unset = UNSET,
    patient: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesListXActingRole | Unset = UNSET,

) -> PageInvoiceOut | Problem | None:
    """ The practice's tele-expertise invoices (billed and rejected acts), cursor pagination

     **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        practitioner (None | str | Unset): RPPS of the dentist
        patient (None | str | Unset): Pseudonymous patient key
        from_ (datetime.date | None | Unset): First act day, included
        to (datetime.date | None | Unset): Last act day, included
        status (InvoiceStatus | None | Unset): Only invoices in this status: `billed` or
            `rejected`.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageInvoiceOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
practitioner=practitioner,
patient=patient,
from_=from_,
to=to,
status=status,
cursor=cursor,
limit=limit,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
