from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_events_list_x_acting_role import AuditEventsListXActingRole
from ...models.page_audit_event_out import PageAuditEventOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    patient_ins: None | str | Unset = UNSET,
    resource: None | str | Unset = UNSET,
    resource_id: None | str | Unset = UNSET,
    rpps: None | str | Unset = UNSET,
    client_id: None | str | Unset = UNSET,
    outcome: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AuditEventsListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_patient_ins: None | str | Unset
    if isinstance(patient_ins, Unset):
        json_patient_ins = UNSET
    else:
        json_patient_ins = patient_ins
    params["patient_ins"] = json_patient_ins

    json_resource: None | str | Unset
    if isinstance(resource, Unset):
        json_resource = UNSET
    else:
        json_resource = resource
    params["resource"] = json_resource

    json_resource_id: None | str | Unset
    if isinstance(resource_id, Unset):
        json_resource_id = UNSET
    else:
        json_resource_id = resource_id
    params["resource_id"] = json_resource_id

    json_rpps: None | str | Unset
    if isinstance(rpps, Unset):
        json_rpps = UNSET
    else:
        json_rpps = rpps
    params["rpps"] = json_rpps

    json_client_id: None | str | Unset
    if isinstance(client_id, Unset):
        json_client_id = UNSET
    else:
        json_client_id = client_id
    params["client_id"] = json_client_id

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

    json_status: int | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit-events",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageAuditEventOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageAuditEventOut.from_dict(response.json())



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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageAuditEventOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    patient_ins: None | str | Unset = UNSET,
    resource: None | str | Unset = UNSET,
    resource_id: None | str | Unset = UNSET,
    rpps: None | str | Unset = UNSET,
    client_id: None | str | Unset = UNSET,
    outcome: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AuditEventsListXActingRole | Unset = UNSET,

) -> Response[PageAuditEventOut | Problem]:
    """ The practice's audit trail of calls touching patient data

     Chronological (oldest first), cursor-paginated. Filters combine with AND. `patient_ins` finds calls
    naming the patient's INS; `resource` + `resource_id` the calls on one resource (an identity, a
    session, a tele-expertise…).

    **Habilitation**: roles `auditor`, `practice_admin`; scope `audit:read`. The audit trail is read by
    the practice admin and auditors (DOMAIN.md §7).

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        patient_ins (None | str | Unset): Only calls about this patient (INS matricule).
        resource (None | str | Unset): Only calls on this kind of resource (`identity`,
            `document`, …).
        resource_id (None | str | Unset): Only calls on this resource id.
        rpps (None | str | Unset): Only calls by this professional (RPPS number, 11 digits).
        client_id (None | str | Unset): Only calls by this OAuth client.
        outcome (None | str | Unset): Only calls with this outcome (`success`, `refused`,
            `timeout`, …).
        status (int | None | Unset): Only calls answered with this HTTP status.
        since (datetime.datetime | None | Unset): Only calls from this instant on (ISO 8601 with a
            UTC offset).
        until (datetime.datetime | None | Unset): Only calls before this instant (ISO 8601 with a
            UTC offset).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AuditEventsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEventOut | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
patient_ins=patient_ins,
resource=resource,
resource_id=resource_id,
rpps=rpps,
client_id=client_id,
outcome=outcome,
status=status,
since=since,
until=until,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    patient_ins: None | str | Unset = UNSET,
    resource: None | str | Unset = UNSET,
    resource_id: None | str | Unset = UNSET,
    rpps: None | str | Unset = UNSET,
    client_id: None | str | Unset = UNSET,
    outcome: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AuditEventsListXActingRole | Unset = UNSET,

) -> PageAuditEventOut | Problem | None:
    """ The practice's audit trail of calls touching patient data

     Chronological (oldest first), cursor-paginated. Filters combine with AND. `patient_ins` finds calls
    naming the patient's INS; `resource` + `resource_id` the calls on one resource (an identity, a
    session, a tele-expertise…).

    **Habilitation**: roles `auditor`, `practice_admin`; scope `audit:read`. The audit trail is read by
    the practice admin and auditors (DOMAIN.md §7).

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        patient_ins (None | str | Unset): Only calls about this patient (INS matricule).
        resource (None | str | Unset): Only calls on this kind of resource (`identity`,
            `document`, …).
        resource_id (None | str | Unset): Only calls on this resource id.
        rpps (None | str | Unset): Only calls by this professional (RPPS number, 11 digits).
        client_id (None | str | Unset): Only calls by this OAuth client.
        outcome (None | str | Unset): Only calls with this outcome (`success`, `refused`,
            `timeout`, …).
        status (int | None | Unset): Only calls answered with this HTTP status.
        since (datetime.datetime | None | Unset): Only calls from this instant on (ISO 8601 with a
            UTC offset).
        until (datetime.datetime | None | Unset): Only calls before this instant (ISO 8601 with a
            UTC offset).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AuditEventsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEventOut | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
patient_ins=patient_ins,
resource=resource,
resource_id=resource_id,
rpps=rpps,
client_id=client_id,
outcome=outcome,
status=status,
since=since,
until=until,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    patient_ins: None | str | Unset = UNSET,
    resource: None | str | Unset = UNSET,
    resource_id: None | str | Unset = UNSET,
    rpps: None | str | Unset = UNSET,
    client_id: None | str | Unset = UNSET,
    outcome: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AuditEventsListXActingRole | Unset = UNSET,

) -> Response[PageAuditEventOut | Problem]:
    """ The practice's audit trail of calls touching patient data

     Chronological (oldest first), cursor-paginated. Filters combine with AND. `patient_ins` finds calls
    naming the patient's INS; `resource` + `resource_id` the calls on one resource (an identity, a
    session, a tele-expertise…).

    **Habilitation**: roles `auditor`, `practice_admin`; scope `audit:read`. The audit trail is read by
    the practice admin and auditors (DOMAIN.md §7).

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        patient_ins (None | str | Unset): Only calls about this patient (INS matricule).
        resource (None | str | Unset): Only calls on this kind of resource (`identity`,
            `document`, …).
        resource_id (None | str | Unset): Only calls on this resource id.
        rpps (None | str | Unset): Only calls by this professional (RPPS number, 11 digits).
        client_id (None | str | Unset): Only calls by this OAuth client.
        outcome (None | str | Unset): Only calls with this outcome (`success`, `refused`,
            `timeout`, …).
        status (int | None | Unset): Only calls answered with this HTTP status.
        since (datetime.datetime | None | Unset): Only calls from this instant on (ISO 8601 with a
            UTC offset).
        until (datetime.datetime | None | Unset): Only calls before this instant (ISO 8601 with a
            UTC offset).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AuditEventsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEventOut | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
patient_ins=patient_ins,
resource=resource,
resource_id=resource_id,
rpps=rpps,
client_id=client_id,
outcome=outcome,
status=status,
since=since,
until=until,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    patient_ins: None | str | Unset = UNSET,
    resource: None | str | Unset = UNSET,
    resource_id: None | str | Unset = UNSET,
    rpps: None | str | Unset = UNSET,
    client_id: None | str | Unset = UNSET,
    outcome: None | str | Unset = UNSET,
    status: int | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AuditEventsListXActingRole | Unset = UNSET,

) -> PageAuditEventOut | Problem | None:
    """ The practice's audit trail of calls touching patient data

     Chronological (oldest first), cursor-paginated. Filters combine with AND. `patient_ins` finds calls
    naming the patient's INS; `resource` + `resource_id` the calls on one resource (an identity, a
    session, a tele-expertise…).

    **Habilitation**: roles `auditor`, `practice_admin`; scope `audit:read`. The audit trail is read by
    the practice admin and auditors (DOMAIN.md §7).

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        patient_ins (None | str | Unset): Only calls about this patient (INS matricule).
        resource (None | str | Unset): Only calls on this kind of resource (`identity`,
            `document`, …).
        resource_id (None | str | Unset): Only calls on this resource id.
        rpps (None | str | Unset): Only calls by this professional (RPPS number, 11 digits).
        client_id (None | str | Unset): Only calls by this OAuth client.
        outcome (None | str | Unset): Only calls with this outcome (`success`, `refused`,
            `timeout`, …).
        status (int | None | Unset): Only calls answered with this HTTP status.
        since (datetime.datetime | None | Unset): Only calls from this instant on (ISO 8601 with a
            UTC offset).
        until (datetime.datetime | None | Unset): Only calls before this instant (ISO 8601 with a
            UTC offset).
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AuditEventsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEventOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
patient_ins=patient_ins,
resource=resource,
resource_id=resource_id,
rpps=rpps,
client_id=client_id,
outcome=outcome,
status=status,
since=since,
until=until,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
