from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.document_view import DocumentView
from ...models.messages_file_attachment_x_acting_role import MessagesFileAttachmentXActingRole
from ...models.patient_side_request import PatientSideRequest
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    ins: str,
    message_id: UUID,
    attachment_id: UUID,
    *,
    body: PatientSideRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: MessagesFileAttachmentXActingRole | Unset = UNSET,
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
        "url": "/v1/patients/{ins}/messages/{message_id}/attachments/{attachment_id}/file".format(ins=quote(str(ins), safe=""),message_id=quote(str(message_id), safe=""),attachment_id=quote(str(attachment_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | DocumentView | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 201:
        response_201 = DocumentView.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | DocumentView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ins: str,
    message_id: UUID,
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientSideRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: MessagesFileAttachmentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Any | DocumentView | Problem]:
    """ Add a message attachment to the patient's record as a document (patient side)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        message_id (UUID): The message's id.
        attachment_id (UUID): The attachment's id, as listed in the message.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (MessagesFileAttachmentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (PatientSideRequest): A step the patient takes, recorded by the professional acting
            at their request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DocumentView | Problem]
     """


    kwargs = _get_kwargs(
        ins=ins,
message_id=message_id,
attachment_id=attachment_id,
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
    ins: str,
    message_id: UUID,
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientSideRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: MessagesFileAttachmentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Any | DocumentView | Problem | None:
    """ Add a message attachment to the patient's record as a document (patient side)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        message_id (UUID): The message's id.
        attachment_id (UUID): The attachment's id, as listed in the message.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (MessagesFileAttachmentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (PatientSideRequest): A step the patient takes, recorded by the professional acting
            at their request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DocumentView | Problem
     """


    return sync_detailed(
        ins=ins,
message_id=message_id,
attachment_id=attachment_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    ins: str,
    message_id: UUID,
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientSideRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: MessagesFileAttachmentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Any | DocumentView | Problem]:
    """ Add a message attachment to the patient's record as a document (patient side)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        message_id (UUID): The message's id.
        attachment_id (UUID): The attachment's id, as listed in the message.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (MessagesFileAttachmentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (PatientSideRequest): A step the patient takes, recorded by the professional acting
            at their request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DocumentView | Problem]
     """


    kwargs = _get_kwargs(
        ins=ins,
message_id=message_id,
attachment_id=attachment_id,
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
    ins: str,
    message_id: UUID,
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientSideRequest,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: MessagesFileAttachmentXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Any | DocumentView | Problem | None:
    """ Add a message attachment to the patient's record as a document (patient side)

     **Habilitation**: roles `dentist`, `ehpad_professional`, `specialist`; scope `dmp:write`. The shared
    record is for health professionals only, not for assistants (DOMAIN.md §5). Audited: every call is
    written to the practice's audit trail.

    Args:
        ins (str): The patient's INS matricule (NIR or NIA), compact or spaced as on the card (`2
            79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).
        message_id (UUID): The message's id.
        attachment_id (UUID): The attachment's id, as listed in the message.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (MessagesFileAttachmentXActingRole | Unset):
        idempotency_key (str | Unset):
        body (PatientSideRequest): A step the patient takes, recorded by the professional acting
            at their request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DocumentView | Problem
     """


    return (await asyncio_detailed(
        ins=ins,
message_id=message_id,
attachment_id=attachment_id,
client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
