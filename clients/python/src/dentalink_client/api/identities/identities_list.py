from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.identities_list_x_acting_role import IdentitiesListXActingRole
from ...models.page_identity_out import PageIdentityOut
from ...models.problem import Problem
from ...models.sex import Sex
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    matricule: None | str | Unset = UNSET,
    birth_name: None | str | Unset = UNSET,
    birth_date: datetime.date | None | Unset = UNSET,
    first_name: None | str | Unset = UNSET,
    sex: None | Sex | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    json_matricule: None | str | Unset
    if isinstance(matricule, Unset):
        json_matricule = UNSET
    else:
        json_matricule = matricule
    params["matricule"] = json_matricule

    json_birth_name: None | str | Unset
    if isinstance(birth_name, Unset):
        json_birth_name = UNSET
    else:
        json_birth_name = birth_name
    params["birth_name"] = json_birth_name

    json_birth_date: None | str | Unset
    if isinstance(birth_date, Unset):
        json_birth_date = UNSET
    elif isinstance(birth_date, datetime.date):
        json_birth_date = birth_date.isoformat()
    else:
        json_birth_date = birth_date
    params["birth_date"] = json_birth_date

    json_first_name: None | str | Unset
    if isinstance(first_name, Unset):
        json_first_name = UNSET
    else:
        json_first_name = first_name
    params["first_name"] = json_first_name

    json_sex: None | str | Unset
    if isinstance(sex, Unset):
        json_sex = UNSET
    elif isinstance(sex, Sex):
        json_sex = sex.value
    else:
        json_sex = sex
    params["sex"] = json_sex

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/identities",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageIdentityOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageIdentityOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageIdentityOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    matricule: None | str | Unset = UNSET,
    birth_name: None | str | Unset = UNSET,
    birth_date: datetime.date | None | Unset = UNSET,
    first_name: None | str | Unset = UNSET,
    sex: None | Sex | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesListXActingRole | Unset = UNSET,

) -> Response[PageIdentityOut | Problem]:
    """ Find identities of the practice by matricule or by traits

     `matricule` finds the identity holding it (as its INS or a previous one). `birth_name` with
    `birth_date` (optionally `first_name`, `sex`) finds identities whose typed or INSi traits match,
    compared without case, accents, hyphens or apostrophes. No filter lists the practice's identities.
    Ordered by creation; cursor pagination.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:read`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        matricule (None | str | Unset): Find by INS matricule (NIR or NIA, 15 characters, spaces
            allowed); exact match.
        birth_name (None | str | Unset): Find by birth name (with `birth_date`); compared without
            case, accents, hyphens or apostrophes.
        birth_date (datetime.date | None | Unset): Find by date of birth (ISO 8601), with
            `birth_name`.
        first_name (None | str | Unset): Narrow a `birth_name` search to one of the birth first
            names.
        sex (None | Sex | Unset): Narrow a `birth_name` search to one sex: `M`, `F` or `I`.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIdentityOut | Problem]
     """


    kwargs = _get_kwargs(
        matricule=matricule,
birth_name=birth_name,
birth_date=birth_date,
first_name=first_name,
sex=sex,
limit=limit,
cursor=cursor,
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
    matricule: None | str | Unset = UNSET,
    birth_name: None | str | Unset = UNSET,
    birth_date: datetime.date | None | Unset = UNSET,
    first_name: None | str | Unset = UNSET,
    sex: None | Sex | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesListXActingRole | Unset = UNSET,

) -> PageIdentityOut | Problem | None:
    """ Find identities of the practice by matricule or by traits

     `matricule` finds the identity holding it (as its INS or a previous one). `birth_name` with
    `birth_date` (optionally `first_name`, `sex`) finds identities whose typed or INSi traits match,
    compared without case, accents, hyphens or apostrophes. No filter lists the practice's identities.
    Ordered by creation; cursor pagination.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:read`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        matricule (None | str | Unset): Find by INS matricule (NIR or NIA, 15 characters, spaces
            allowed); exact match.
        birth_name (None | str | Unset): Find by birth name (with `birth_date`); compared without
            case, accents, hyphens or apostrophes.
        birth_date (datetime.date | None | Unset): Find by date of birth (ISO 8601), with
            `birth_name`.
        first_name (None | str | Unset): Narrow a `birth_name` search to one of the birth first
            names.
        sex (None | Sex | Unset): Narrow a `birth_name` search to one sex: `M`, `F` or `I`.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIdentityOut | Problem
     """


    return sync_detailed(
        client=client,
matricule=matricule,
birth_name=birth_name,
birth_date=birth_date,
first_name=first_name,
sex=sex,
limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    matricule: None | str | Unset = UNSET,
    birth_name: None | str | Unset = UNSET,
    birth_date: datetime.date | None | Unset = UNSET,
    first_name: None | str | Unset = UNSET,
    sex: None | Sex | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesListXActingRole | Unset = UNSET,

) -> Response[PageIdentityOut | Problem]:
    """ Find identities of the practice by matricule or by traits

     `matricule` finds the identity holding it (as its INS or a previous one). `birth_name` with
    `birth_date` (optionally `first_name`, `sex`) finds identities whose typed or INSi traits match,
    compared without case, accents, hyphens or apostrophes. No filter lists the practice's identities.
    Ordered by creation; cursor pagination.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:read`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        matricule (None | str | Unset): Find by INS matricule (NIR or NIA, 15 characters, spaces
            allowed); exact match.
        birth_name (None | str | Unset): Find by birth name (with `birth_date`); compared without
            case, accents, hyphens or apostrophes.
        birth_date (datetime.date | None | Unset): Find by date of birth (ISO 8601), with
            `birth_name`.
        first_name (None | str | Unset): Narrow a `birth_name` search to one of the birth first
            names.
        sex (None | Sex | Unset): Narrow a `birth_name` search to one sex: `M`, `F` or `I`.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIdentityOut | Problem]
     """


    kwargs = _get_kwargs(
        matricule=matricule,
birth_name=birth_name,
birth_date=birth_date,
first_name=first_name,
sex=sex,
limit=limit,
cursor=cursor,
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
    matricule: None | str | Unset = UNSET,
    birth_name: None | str | Unset = UNSET,
    birth_date: datetime.date | None | Unset = UNSET,
    first_name: None | str | Unset = UNSET,
    sex: None | Sex | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: IdentitiesListXActingRole | Unset = UNSET,

) -> PageIdentityOut | Problem | None:
    """ Find identities of the practice by matricule or by traits

     `matricule` finds the identity holding it (as its INS or a previous one). `birth_name` with
    `birth_date` (optionally `first_name`, `sex`) finds identities whose typed or INSi traits match,
    compared without case, accents, hyphens or apostrophes. No filter lists the practice's identities.
    Ordered by creation; cursor pagination.

    **Habilitation**: roles `dental_assistant`, `dentist`, `ehpad_professional`, `specialist`; scope
    `identities:read`. Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md
    §2). Audited: every call is written to the practice's audit trail.

    Args:
        matricule (None | str | Unset): Find by INS matricule (NIR or NIA, 15 characters, spaces
            allowed); exact match.
        birth_name (None | str | Unset): Find by birth name (with `birth_date`); compared without
            case, accents, hyphens or apostrophes.
        birth_date (datetime.date | None | Unset): Find by date of birth (ISO 8601), with
            `birth_name`.
        first_name (None | str | Unset): Narrow a `birth_name` search to one of the birth first
            names.
        sex (None | Sex | Unset): Narrow a `birth_name` search to one sex: `M`, `F` or `I`.
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (IdentitiesListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIdentityOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
matricule=matricule,
birth_name=birth_name,
birth_date=birth_date,
first_name=first_name,
sex=sex,
limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
