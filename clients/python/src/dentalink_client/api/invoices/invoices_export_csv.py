from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoices_export_csv_x_acting_role import InvoicesExportCsvXActingRole
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
    practitioner: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesExportCsvXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_practitioner: None | str | Unset
    if isinstance(practitioner, Unset):
        json_practitioner = UNSET
    else:
        json_practitioner = practitioner
    params["practitioner"] = json_practitioner


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices/export.csv",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    practitioner: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesExportCsvXActingRole | Unset = UNSET,

) -> Response[Problem | str]:
    """ CSV of what was billed in a period, for the practice's accountant

     One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated
    (French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient identifier is
    exported. Rejected tele-expertise acts are not billed and not listed.

    **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        from_ (datetime.date): First act day, included
        to (datetime.date): Last act day, included
        practitioner (None | str | Unset): Only acts of this practitioner (RPPS number, 11
            digits).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesExportCsvXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
practitioner=practitioner,
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
    from_: datetime.date,
    to: datetime.date,
    practitioner: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesExportCsvXActingRole | Unset = UNSET,

) -> Problem | str | None:
    """ CSV of what was billed in a period, for the practice's accountant

     One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated
    (French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient identifier is
    exported. Rejected tele-expertise acts are not billed and not listed.

    **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        from_ (datetime.date): First act day, included
        to (datetime.date): Last act day, included
        practitioner (None | str | Unset): Only acts of this practitioner (RPPS number, 11
            digits).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesExportCsvXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return sync_detailed(
        client=client,
from_=from_,
to=to,
practitioner=practitioner,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    practitioner: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesExportCsvXActingRole | Unset = UNSET,

) -> Response[Problem | str]:
    """ CSV of what was billed in a period, for the practice's accountant

     One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated
    (French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient identifier is
    exported. Rejected tele-expertise acts are not billed and not listed.

    **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        from_ (datetime.date): First act day, included
        to (datetime.date): Last act day, included
        practitioner (None | str | Unset): Only acts of this practitioner (RPPS number, 11
            digits).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesExportCsvXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
practitioner=practitioner,
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
    from_: datetime.date,
    to: datetime.date,
    practitioner: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: InvoicesExportCsvXActingRole | Unset = UNSET,

) -> Problem | str | None:
    """ CSV of what was billed in a period, for the practice's accountant

     One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated
    (French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient identifier is
    exported. Rejected tele-expertise acts are not billed and not listed.

    **Habilitation**: roles `auditor`, `dental_assistant`, `dentist`, `practice_admin`, `specialist`;
    scope `billing:read`. Billing is read by the care team, the practice admin and auditors. Audited:
    every call is written to the practice's audit trail.

    Args:
        from_ (datetime.date): First act day, included
        to (datetime.date): Last act day, included
        practitioner (None | str | Unset): Only acts of this practitioner (RPPS number, 11
            digits).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (InvoicesExportCsvXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return (await asyncio_detailed(
        client=client,
from_=from_,
to=to,
practitioner=practitioner,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
