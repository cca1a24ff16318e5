from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.access_refusals_revoke_on_behalf_of import AccessRefusalsRevokeOnBehalfOf
from ...models.access_refusals_revoke_x_acting_role import AccessRefusalsRevokeXActingRole
from ...models.problem import Problem
from ...models.refusal_view import RefusalView
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    ins: str,
    refusal_id: UUID,
    *,
    on_behalf_of: AccessRefusalsRevokeOnBehalfOf,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AccessRefusalsRevokeXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_on_behalf_of = on_behalf_of.value
    params["on_behalf_of"] = json_on_behalf_of


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/patients/{ins}/access-refusals/{refusal_id}".format(ins=quote(str(ins), safe=""),refusal_id=quote(str(refusal_id), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RefusalView | None:
    if response.status_code == 200:
        response_200 = RefusalView.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RefusalView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ins: str,
    refusal_id: UUID,
    *,
    client: AuthenticatedClient,
    on_behalf_of: AccessRefusalsRevokeOnBehalfOf,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AccessRefusalsRevokeXActingRole | Unset = UNSET,

) -> Response[Problem | RefusalView]:
    """ Revoke a refusal your practice recorded (kept in the history, no longer in effect)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        refusal_id (UUID): The refusal's id (from the list of access refusals).
        on_behalf_of (AccessRefusalsRevokeOnBehalfOf): Who asked: the patient or their legal
            representative.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AccessRefusalsRevokeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefusalView]
     """


    kwargs = _get_kwargs(
        ins=ins,
refusal_id=refusal_id,
on_behalf_of=on_behalf_of,
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
    refusal_id: UUID,
    *,
    client: AuthenticatedClient,
    on_behalf_of: AccessRefusalsRevokeOnBehalfOf,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AccessRefusalsRevokeXActingRole | Unset = UNSET,

) -> Problem | RefusalView | None:
    """ Revoke a refusal your practice recorded (kept in the history, no longer in effect)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        refusal_id (UUID): The refusal's id (from the list of access refusals).
        on_behalf_of (AccessRefusalsRevokeOnBehalfOf): Who asked: the patient or their legal
            representative.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AccessRefusalsRevokeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefusalView
     """


    return sync_detailed(
        ins=ins,
refusal_id=refusal_id,
client=client,
on_behalf_of=on_behalf_of,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    ins: str,
    refusal_id: UUID,
    *,
    client: AuthenticatedClient,
    on_behalf_of: AccessRefusalsRevokeOnBehalfOf,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AccessRefusalsRevokeXActingRole | Unset = UNSET,

) -> Response[Problem | RefusalView]:
    """ Revoke a refusal your practice recorded (kept in the history, no longer in effect)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        refusal_id (UUID): The refusal's id (from the list of access refusals).
        on_behalf_of (AccessRefusalsRevokeOnBehalfOf): Who asked: the patient or their legal
            representative.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AccessRefusalsRevokeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefusalView]
     """


    kwargs = _get_kwargs(
        ins=ins,
refusal_id=refusal_id,
on_behalf_of=on_behalf_of,
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
    refusal_id: UUID,
    *,
    client: AuthenticatedClient,
    on_behalf_of: AccessRefusalsRevokeOnBehalfOf,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: AccessRefusalsRevokeXActingRole | Unset = UNSET,

) -> Problem | RefusalView | None:
    """ Revoke a refusal your practice recorded (kept in the history, no longer in effect)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        refusal_id (UUID): The refusal's id (from the list of access refusals).
        on_behalf_of (AccessRefusalsRevokeOnBehalfOf): Who asked: the patient or their legal
            representative.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (AccessRefusalsRevokeXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefusalView
     """


    return (await asyncio_detailed(
        ins=ins,
refusal_id=refusal_id,
client=client,
on_behalf_of=on_behalf_of,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
