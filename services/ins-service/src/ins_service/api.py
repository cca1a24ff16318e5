"""The identities API: create, find, INSi, document checks, attributes, refusals, history, FHIR.

Every identity belongs to the caller's practice; another practice's id answers 404. Writes are open
to every role but `auditor`. Each route parses the request, calls one workflow under
`answered_as_problems()` and shapes the answer. Problem types are listed in README.md.
"""

import uuid
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from dentalink_contracts import Ins, Sex
from dentalink_contracts.nir import TYPED_NIR_MAX_LENGTH
from ins_service import fhir
from ins_service.context import Context, InsContext
from ins_service.domain import (
    DocumentCheck,
    DomainError,
    IdentityAttribute,
    TypedTraits,
    clear_attribute,
    parse_matricule,
    record_document_check,
    record_refusal,
    set_attribute,
    withdraw_refusal,
)
from ins_service.problems import answered_as_problems, domain_problem
from ins_service.schemas import (
    AttributeCreate,
    CarteVitaleData,
    DocumentCheckCreate,
    IdentityChange,
    IdentityCreate,
    IdentityOut,
    InsiCall,
    InsiLookupCreate,
    InsiOutcome,
    LookupMethod,
    TransitionOut,
    identity_out,
    transition_out,
)
from ins_service.store import IdentitySearch, PageAfter, TraitsSearch
from ins_service.workflows import (
    Applied,
    CarteVitaleCard,
    Change,
    Lookup,
    change_identity,
    create_identity,
    find_identities,
    identity_history,
    insi_lookup,
    insi_verification,
    read_identity,
)
from servicekit import Caller, CallerContext, Role, invalid_field, require_roles
from servicekit.fhir import wants_fhir_json
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor
from servicekit.problems import problem_doc
from servicekit.text import Text

router = APIRouter(prefix="/v1", tags=["identities"])

# Auditors read; everyone else of the practice may record identity facts.
Writer = Annotated[
    CallerContext,
    require_roles(
        Role.DENTIST, Role.SPECIALIST, Role.DENTAL_ASSISTANT, Role.EHPAD_PROFESSIONAL, Role.PRACTICE_ADMIN
    ),
]


Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: problem_doc("No such identity in the caller's practice (`identity-not-found`).")}
FORBIDDEN: Responses = {403: problem_doc("The caller's role may not write (`forbidden-role`).")}
INVALID: Responses = {422: problem_doc("Invalid fields (`validation-error`) or a rule of DOMAIN.md broken.")}
STATE: Responses = {
    409: problem_doc("The identity's state forbids it (attributes, refusal, apCV identity…).")
}
INSI_FAULTS: Responses = {
    502: problem_doc("INSi answered outside its protocol (`invalid-insi-result`)."),
    503: problem_doc("INSi unavailable after bounded retries (`insi-unavailable`); nothing changed."),
    504: problem_doc("INSi did not answer in time (`insi-timeout`); nothing changed."),
}


def _change(applied: Applied) -> IdentityChange:
    return IdentityChange(identity=identity_out(applied.row), transition=transition_out(applied.entry))


async def _act(
    caller: CallerContext, context: InsContext, identity_id: uuid.UUID, change: Change
) -> IdentityChange:
    """Lock the identity, apply the caller's transition now, store, publish and answer the change."""
    with answered_as_problems():
        applied = await change_identity(
            context, caller.practice_id, identity_id, change, by_rpps=caller.professional.rpps
        )
    return _change(applied)


def _outcome(lookup: Lookup) -> InsiOutcome:
    calls = [
        InsiCall(
            step=step,
            first_names=attempt.criteria.first_names,
            with_birth_place=attempt.criteria.birth_place_code is not None,
            result_code=attempt.result.code,
            call_reference=attempt.result.call_reference,
        )
        for step, attempt in enumerate(lookup.attempts, start=1)
    ]
    return InsiOutcome(
        identity=identity_out(lookup.applied.row),
        transition=transition_out(lookup.applied.entry),
        result_code=lookup.result.code,
        calls=calls,
    )


def _after(cursor: str | None) -> PageAfter | None:
    """The sort key the cursor carries; 400 `invalid-cursor` for one this API did not issue."""
    return decode_uuid_cursor(cursor) if cursor is not None else None


def _typed_traits(body: IdentityCreate, today: date) -> TypedTraits:
    if body.birth_date > today:
        raise invalid_field("birth_date", "the birth date is in the future", "birth-date-in-future")
    try:
        return TypedTraits(
            birth_name=body.birth_name,
            birth_first_names=body.birth_first_names,
            birth_date=body.birth_date,
            sex=body.sex,
            birth_place_code=body.birth_place_code,
            first_birth_first_name=body.first_birth_first_name or "",
        )
    except DomainError as error:
        raise domain_problem(error) from error


def _typed_ins(body: IdentityCreate) -> Ins | None:
    if body.matricule is None and body.oid is None:
        return None
    if body.matricule is None:
        raise invalid_field("matricule", "an OID comes with its matricule", "missing")
    if body.oid is None:
        raise invalid_field("oid", "a matricule comes with the OID of its assigning authority", "missing")
    try:
        matricule = parse_matricule(body.matricule)
    except DomainError as error:
        raise domain_problem(error) from error
    return Ins(matricule=matricule.value, oid=body.oid)


BirthDateQuery = Annotated[
    date | None, Query(description="Find by date of birth (ISO 8601), with `birth_name`.")
]
SexQuery = Annotated[
    Sex | None, Query(description="Narrow a `birth_name` search to one sex: `M`, `F` or `I`.")
]
IdentityId = Annotated[
    uuid.UUID, Path(description="The identity's id (from `POST /v1/identities` or a search).")
]
AttributePath = Annotated[
    IdentityAttribute, Path(description="The RNIV attribute to clear: `DOUT`, `FICT` or `HOMA`.")
]


@router.post(
    "/identities",
    operation_id="identities.create",
    status_code=201,
    response_model=IdentityOut,
    summary="Create an identity from typed traits (and a known INS)",
    description=(
        "Starts PROV, collected manually (SM). If an identity of the practice holds the matricule or has "
        "the same traits (birth name, first birth first name, birth date, sex; compared without case, "
        "accents, hyphens or apostrophes), answers 409 `duplicate-identity` listing it, with a `Link` "
        "header: no duplicate is ever created, concurrent requests included. A true homonym (same traits, "
        "other person) is created by listing the matching ids in `acknowledged_homonyms`: every one of "
        "them then carries HOMA. Mismatches between the matricule and the traits come back as `alerts`."
    ),
    responses={
        **FORBIDDEN,
        **INVALID,
        409: problem_doc("An identity of the practice matches (`duplicate-identity`)."),
    },
)
async def create(body: IdentityCreate, caller: Writer, context: Context, response: Response) -> IdentityOut:
    typed = _typed_traits(body, context.now().date())
    ins = _typed_ins(body)
    with answered_as_problems():
        applied = await create_identity(
            context,
            practice_id=caller.practice_id,
            by_rpps=caller.professional.rpps,
            typed=typed,
            ins=ins,
            acknowledged_homonyms=body.acknowledged_homonyms,
        )
    response.headers["Location"] = f"/v1/identities/{applied.row.id}"
    return identity_out(applied.row)


@router.get(
    "/identities",
    operation_id="identities.list",
    response_model=Page[IdentityOut],
    summary="Find identities of the practice by matricule or by traits",
    description=(
        "`matricule` finds the identity holding it (as its INS or a previous one). `birth_name` with "
        "`birth_date` (optionally `first_name`, `sex`) finds identities whose typed or INSi traits match, "
        "compared without case, accents, hyphens or apostrophes. No filter lists the practice's "
        "identities. Ordered by creation; cursor pagination."
    ),
    responses={**INVALID, 400: problem_doc("The cursor is not one this API issued (`invalid-cursor`).")},
)
async def find(
    caller: Caller,
    context: Context,
    matricule: Annotated[
        Text | None,
        Query(
            max_length=TYPED_NIR_MAX_LENGTH,
            description="Find by INS matricule (NIR or NIA, 15 characters, spaces allowed); exact match.",
        ),
    ] = None,
    birth_name: Annotated[
        Text | None,
        Query(
            min_length=1,
            max_length=100,
            description=(
                "Find by birth name (with `birth_date`); compared without case, accents, hyphens or "
                "apostrophes."
            ),
        ),
    ] = None,
    birth_date: BirthDateQuery = None,
    first_name: Annotated[
        Text | None,
        Query(
            min_length=1,
            max_length=100,
            description="Narrow a `birth_name` search to one of the birth first names.",
        ),
    ] = None,
    sex: SexQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[IdentityOut]:
    held: str | None = None
    if matricule is not None:
        try:
            held = parse_matricule(matricule).value
        except DomainError as error:
            raise domain_problem(error) from error
    if (birth_name is None) != (birth_date is None):
        raise invalid_field(
            "birth_date" if birth_date is None else "birth_name", "search traits by both", "missing"
        )
    traits: TraitsSearch | None = None
    if birth_name is not None and birth_date is not None:
        traits = TraitsSearch(birth_name, birth_date, first_name, sex)
    elif first_name is not None or sex is not None:
        raise invalid_field(
            "birth_name", "first_name and sex refine a birth_name + birth_date search", "missing"
        )
    search = IdentitySearch(matricule=held, traits=traits)
    items, next_cursor = await find_identities(context, caller.practice_id, search, _after(cursor), limit)
    return Page[IdentityOut](items=[identity_out(row) for row in items], next_cursor=next_cursor)


@router.get(
    "/identities/{identity_id}",
    operation_id="identities.get",
    response_model=IdentityOut,
    summary="Read an identity (JSON, or FHIR R4 Patient with Accept: application/fhir+json)",
    description=(
        "With `Accept: application/fhir+json`, a FHIR R4 Patient following FR Core `fr-core-patient-ins`: "
        "identity reliability extension (status, collection method, INSi date, validation mode and date, "
        "attributes) and the INS identifier slice with its OID only when the identity is QUAL."
    ),
    responses={
        200: {"content": {fhir.MEDIA_TYPE: {"schema": {"type": "object"}}}},
        **NOT_FOUND,
    },
)
async def read(identity_id: IdentityId, caller: Caller, context: Context, request: Request) -> Any:
    with answered_as_problems():
        row = await read_identity(context, caller.practice_id, identity_id)
    if wants_fhir_json(request.headers.get("accept", ""), request.url.query):
        return JSONResponse(fhir.patient(row), media_type=fhir.MEDIA_TYPE)
    return identity_out(row)


@router.get(
    "/identities/{identity_id}/history",
    operation_id="identities.getHistory",
    response_model=Page[TransitionOut],
    summary="The identity's immutable history: who, when, how",
    responses={**NOT_FOUND, 400: problem_doc("The cursor is not one this API issued (`invalid-cursor`).")},
)
async def history(
    identity_id: IdentityId,
    caller: Caller,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[TransitionOut]:
    after = _after(cursor)
    with answered_as_problems():
        items, next_cursor = await identity_history(context, caller.practice_id, identity_id, after, limit)
    return Page[TransitionOut](items=[transition_out(row) for row in items], next_cursor=next_cursor)


@router.post(
    "/identities/{identity_id}/insi-lookups",
    operation_id="identities.lookUpInsi",
    response_model=InsiOutcome,
    summary="Search INSi for this identity (by traits, or by carte Vitale data)",
    description=(
        "By traits: the first birth first name, then on 01/02 all first names, then the birth place "
        "(every call is listed in `calls`). By carte Vitale: the card's matricule and birth rank, the "
        "birth name and date (defaults: the typed ones). A 00 stores the INS and the INSi traits and "
        "confirms the INS (PROV→RECUP, VALI→QUAL); 01/02 change nothing but are recorded. Forbidden "
        "with DOUT/FICT, after a refusal, and for an apCV identity (409). A technical fault is 503/504 "
        "and leaves the identity unchanged. An INS already held by another identity of the practice "
        "answers 409 `duplicate-identity`."
    ),
    responses={**NOT_FOUND, **FORBIDDEN, **INVALID, **STATE, **INSI_FAULTS},
)
async def lookup(
    identity_id: IdentityId, body: InsiLookupCreate, caller: Writer, context: Context
) -> InsiOutcome:
    card: CarteVitaleCard | None = None
    if body.method is LookupMethod.CARTE_VITALE:
        if body.carte_vitale is None:
            raise invalid_field("carte_vitale", "a carte Vitale search needs the card's data", "missing")
        card = _carte_vitale_card(body.carte_vitale)
    with answered_as_problems():
        outcome = await insi_lookup(
            context, caller.practice_id, identity_id, by_rpps=caller.professional.rpps, carte_vitale=card
        )
    return _outcome(outcome)


def _carte_vitale_card(data: CarteVitaleData) -> CarteVitaleCard:
    try:
        matricule = parse_matricule(data.matricule).value
    except DomainError as error:
        raise domain_problem(error, field_prefix="carte_vitale.") from error
    return CarteVitaleCard(
        matricule=matricule,
        birth_rank=data.birth_rank,
        birth_name=data.birth_name,
        birth_date=data.birth_date,
    )


@router.post(
    "/identities/{identity_id}/insi-verifications",
    operation_id="identities.verifyWithInsi",
    response_model=InsiOutcome,
    summary="Verify the held INS with INSi",
    description=(
        "Sends the held INS and the traits held with it. 00 confirms it (and refreshes the INSi traits); "
        "01 means it no longer matches: the INS is no longer confirmed and a QUAL identity leaves QUAL "
        "(a downgrade, published as IdentityStatusChanged)."
    ),
    responses={**NOT_FOUND, **FORBIDDEN, **STATE, **INSI_FAULTS},
)
async def verify(identity_id: IdentityId, caller: Writer, context: Context) -> InsiOutcome:
    with answered_as_problems():
        outcome = await insi_verification(
            context, caller.practice_id, identity_id, by_rpps=caller.professional.rpps
        )
    return _outcome(outcome)


@router.post(
    "/identities/{identity_id}/document-checks",
    operation_id="identities.checkDocument",
    response_model=IdentityChange,
    summary="Record that the traits were checked against a high-trust document",
    description=(
        "The document type and context only (never its number or an image), checked by the calling "
        "professional. Passport, national ID card (EU/EEA, CH, MC, AD, SM, VA nationals) and French "
        "residence permit; for a minor, a birth extract or livret de famille with a guardian's high-trust "
        "document; on direct EHPAD admission, either of those with a carte Vitale with photo. The carte "
        "Vitale alone is refused (422 `carte-vitale-not-proof`). PROV→VALI, RECUP→QUAL."
    ),
    responses={**NOT_FOUND, **FORBIDDEN, **INVALID, **STATE},
)
async def check_document(
    identity_id: IdentityId, body: DocumentCheckCreate, caller: Writer, context: Context
) -> IdentityChange:
    check = DocumentCheck(
        document=body.document,
        holder_nationality=body.holder_nationality.upper() if body.holder_nationality else None,
        guardian_document=body.guardian_document,
        guardian_nationality=body.guardian_nationality.upper() if body.guardian_nationality else None,
        ehpad_direct_admission=body.ehpad_direct_admission,
        carte_vitale_with_photo=body.carte_vitale_with_photo,
    )
    return await _act(caller, context, identity_id, partial(record_document_check, check=check))


@router.post(
    "/identities/{identity_id}/attributes",
    operation_id="identities.addAttribute",
    response_model=IdentityChange,
    summary="Set an attribute: DOUT, FICT or HOMA",
    description=(
        "DOUT and FICT hold the identity at PROV (a QUAL identity leaves QUAL: downgrade) and forbid INSi; "
        "they exclude each other; only DOUT+HOMA combine (409 `attribute-conflict`)."
    ),
    responses={**NOT_FOUND, **FORBIDDEN, **INVALID, **STATE},
)
async def add_attribute(
    identity_id: IdentityId, body: AttributeCreate, caller: Writer, context: Context
) -> IdentityChange:
    return await _act(caller, context, identity_id, partial(set_attribute, attribute=body.attribute))


@router.delete(
    "/identities/{identity_id}/attributes/{attribute}",
    operation_id="identities.removeAttribute",
    response_model=IdentityChange,
    summary="Clear an attribute; the status is derived again from the recorded facts",
    responses={**NOT_FOUND, **FORBIDDEN, **STATE},
)
async def remove_attribute(
    identity_id: IdentityId, attribute: AttributePath, caller: Writer, context: Context
) -> IdentityChange:
    return await _act(caller, context, identity_id, partial(clear_attribute, attribute=attribute))


@router.post(
    "/identities/{identity_id}/verification-refusals",
    operation_id="identities.refuseVerification",
    response_model=IdentityChange,
    summary="Record the patient's refusal of the INS verification",
    description="No INSi call afterwards and no QUAL; a RECUP or QUAL identity loses its INSi fact.",
    responses={**NOT_FOUND, **FORBIDDEN, **STATE},
)
async def refuse(identity_id: IdentityId, caller: Writer, context: Context) -> IdentityChange:
    return await _act(caller, context, identity_id, record_refusal)


@router.delete(
    "/identities/{identity_id}/verification-refusals",
    operation_id="identities.withdrawVerificationRefusal",
    response_model=IdentityChange,
    summary="Withdraw the patient's refusal; facts recorded earlier count again",
    responses={**NOT_FOUND, **FORBIDDEN, **STATE},
)
async def withdraw(identity_id: IdentityId, caller: Writer, context: Context) -> IdentityChange:
    return await _act(caller, context, identity_id, withdraw_refusal)
