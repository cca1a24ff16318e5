from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.practice_reset_out import PracticeResetOut
from ...models.problem import Problem
from ...models.sandbox_reset_practice_x_acting_role import SandboxResetPracticeXActingRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    practice_id: str,
    *,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxResetPracticeXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sandbox/practices/{practice_id}/reset".format(practice_id=quote(str(practice_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PracticeResetOut | Problem | None:
    if response.status_code == 200:
        response_200 = PracticeResetOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PracticeResetOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    practice_id: str,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxResetPracticeXActingRole | Unset = UNSET,

) -> Response[PracticeResetOut | Problem]:
    """ Delete the sandbox data this practice created, in every service

     Sandbox mode only (404 otherwise), for the practice admin of a practice the client acts for. Deletes
    what the practice created: its identities and their history, apCV sessions, care sheets and
    invoices; in the shared records, the documents, profile entries, refusals, messages and appointments
    it filed and its access-log lines; the tele-expertises it requested. Left: the records themselves
    and what other practices created, tele-expertises they requested of this one included. The roster
    and the client stay. Repeatable: after a 502, 503 or 504, call it again.

    **Habilitation**: roles `practice_admin`; scope `sandbox`. Only the practice admin deletes the
    practice's sandbox data. Sandbox mode only.

    Args:
        practice_id (str): The practice to reset: the one named by `X-Practice-Id`.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxResetPracticeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PracticeResetOut | Problem]
     """


    kwargs = _get_kwargs(
        practice_id=practice_id,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    practice_id: str,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxResetPracticeXActingRole | Unset = UNSET,

) -> PracticeResetOut | Problem | None:
    """ Delete the sandbox data this practice created, in every service

     Sandbox mode only (404 otherwise), for the practice admin of a practice the client acts for. Deletes
    what the practice created: its identities and their history, apCV sessions, care sheets and
    invoices; in the shared records, the documents, profile entries, refusals, messages and appointments
    it filed and its access-log lines; the tele-expertises it requested. Left: the records themselves
    and what other practices created, tele-expertises they requested of this one included. The roster
    and the client stay. Repeatable: after a 502, 503 or 504, call it again.

    **Habilitation**: roles `practice_admin`; scope `sandbox`. Only the practice admin deletes the
    practice's sandbox data. Sandbox mode only.

    Args:
        practice_id (str): The practice to reset: the one named by `X-Practice-Id`.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxResetPracticeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PracticeResetOut | Problem
     """


    return sync_detailed(
        practice_id=practice_id,
client=client,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    practice_id: str,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxResetPracticeXActingRole | Unset = UNSET,

) -> Response[PracticeResetOut | Problem]:
    """ Delete the sandbox data this practice created, in every service

     Sandbox mode only (404 otherwise), for the practice admin of a practice the client acts for. Deletes
    what the practice created: its identities and their history, apCV sessions, care sheets and
    invoices; in the shared records, the documents, profile entries, refusals, messages and appointments
    it filed and its access-log lines; the tele-expertises it requested. Left: the records themselves
    and what other practices created, tele-expertises they requested of this one included. The roster
    and the client stay. Repeatable: after a 502, 503 or 504, call it again.

    **Habilitation**: roles `practice_admin`; scope `sandbox`. Only the practice admin deletes the
    practice's sandbox data. Sandbox mode only.

    Args:
        practice_id (str): The practice to reset: the one named by `X-Practice-Id`.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxResetPracticeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PracticeResetOut | Problem]
     """


    kwargs = _get_kwargs(
        practice_id=practice_id,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    practice_id: str,
    *,
    client: AuthenticatedClient,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: SandboxResetPracticeXActingRole | Unset = UNSET,

) -> PracticeResetOut | Problem | None:
    """ Delete the sandbox data this practice created, in every service

     Sandbox mode only (404 otherwise), for the practice admin of a practice the client acts for. Deletes
    what the practice created: its identities and their history, apCV sessions, care sheets and
    invoices; in the shared records, the documents, profile entries, refusals, messages and appointments
    it filed and its access-log lines; the tele-expertises it requested. Left: the records themselves
    and what other practices created, tele-expertises they requested of this one included. The roster
    and the client stay. Repeatable: after a 502, 503 or 504, call it again.

    **Habilitation**: roles `practice_admin`; scope `sandbox`. Only the practice admin deletes the
    practice's sandbox data. Sandbox mode only.

    Args:
        practice_id (str): The practice to reset: the one named by `X-Practice-Id`.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (SandboxResetPracticeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PracticeResetOut | Problem
     """


    return (await asyncio_detailed(
        practice_id=practice_id,
client=client,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
