"""The requérant opens a tele-expertise: qualified INS, eligibility, files, first trace entry."""

import base64
import binascii
import hashlib
from collections.abc import Sequence
from uuid import uuid4

from pydantic import ValidationError

from servicekit import CallerContext
from telemed_service.context import TelemedContext
from telemed_service.domain import (
    Attachment,
    AttachmentChecksumMismatchError,
    FiledExpertise,
    InvalidProfessionalError,
    PatientNotQualifiedError,
    Professional,
    UndecodableAttachmentError,
    known_specialty,
    professional,
    request_expertise,
)
from telemed_service.schemas import AttachmentIn, ExpertiseRequest
from telemed_service.store import REQUEST_PART, DecodedFile, ExpertiseFile
from telemed_service.workflows.common import announce, traced


def requerant_of(caller: CallerContext) -> Professional:
    """The calling professional as the rules see him; a malformed FINESS is the caller's problem."""
    forwarded = caller.professional
    try:
        return professional(
            forwarded.rpps,
            forwarded.profession.value,
            known_specialty(forwarded.profession, forwarded.specialty),
            forwarded.establishment_finess,
        )
    except ValidationError as error:
        raise InvalidProfessionalError("professional.establishment_finess") from error


def decode_files(files: Sequence[AttachmentIn], where: str) -> list[DecodedFile]:
    """Decode base64 attachments, compute their SHA-256, check any SHA-256 the client declared."""
    decoded: list[DecodedFile] = []
    for index, file in enumerate(files):
        field = f"body.{where}.{index}"
        try:
            content = base64.b64decode(file.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UndecodableAttachmentError(f"{field}.content_base64", "not base64", "base64") from error
        if not content:
            raise UndecodableAttachmentError(f"{field}.content_base64", "empty file", "empty")
        digest = hashlib.sha256(content).hexdigest()
        if file.sha256 is not None and file.sha256 != digest:
            raise AttachmentChecksumMismatchError(field)
        attachment = Attachment(
            content_type=file.content_type, size_bytes=len(content), sha256=digest, name=file.name
        )
        decoded.append(DecodedFile(attachment, content))
    return decoded


async def request_tele_expertise(
    context: TelemedContext, caller: CallerContext, body: ExpertiseRequest
) -> ExpertiseFile:
    """Open a request from the caller's practice: the patient needs a qualified INS there (RNIV; CSP
    R6316-3), eligibility is judged per situation (avenant 1 art. 58), files within the limits."""
    async with context.units_of_work() as uow:
        if not await uow.store.holds_qualified(caller.practice_id, body.patient):
            raise PatientNotQualifiedError()
        requerant = requerant_of(caller)
        requis = professional(body.requis.rpps, body.requis.profession.value, body.requis.specialty)
        known = await uow.store.knows(caller.practice_id, body.patient, requis.rpps)
        files = decode_files(body.attachments, "attachments")
        instant = context.now()
        transition = request_expertise(
            expertise_id=uuid4(),
            situation=body.situation,
            requerant=requerant,
            requis=requis,
            known_relationship=known,
            patient=body.patient,
            reasons=body.reasons,
            now=instant,
            attachments=tuple(file.attachment for file in files),
            policy=context.settings.attachment_policy,
        )
        expertise = transition.expertise
        filed = FiledExpertise(expertise, requerant_practice_id=caller.practice_id)
        await uow.store.add(filed)
        await uow.store.add_files(expertise.id, REQUEST_PART, files, requerant.rpps, instant)
        await traced(uow, caller, transition)
        await announce(uow, filed, transition)
        return await uow.store.file(expertise.id)
