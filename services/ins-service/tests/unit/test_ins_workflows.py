"""The identity workflows against the in-memory store and a recording outbox: no database, no broker.

Each test checks the state change, what was published (type, key, fields), the counters, and that a
refused command publishes nothing and leaves the store as it was.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from dentalink_contracts import Ins, InsOid, Sex, patient_key
from dentalink_contracts.events import (
    ApcvBeneficiary,
    ApcvSessionOpened,
    BirthTraits,
    IdentityQualified,
    IdentityStatusChanged,
)
from dentalink_contracts.sealing import development_field_keys, new_field_key_spec, parse_field_keys
from ins_service.adapters import InsiUnavailable, SandboxInsi
from ins_service.context import InsContext
from ins_service.domain import (
    CarteVitaleNotProof,
    DocumentCheck,
    DocumentType,
    DomainError,
    DuplicateIdentity,
    ErrorCode,
    IdentityAttribute,
    IdentityNotFound,
    InsiResultCode,
    InsStatus,
    MatchReason,
    TypedTraits,
    record_document_check,
    set_attribute,
)
from ins_service.store import IdentitySearch, TraitsSearch
from ins_service.testing import InMemoryIdentityStore, counted, in_memory_units, unit_context
from ins_service.workflows import (
    Applied,
    CarteVitaleCard,
    change_identity,
    create_identity,
    find_identities,
    identity_history,
    insi_lookup,
    insi_verification,
    qualify_from_session,
    read_identity,
)
from servicekit import PermanentError
from servicekit.fakes import InMemoryUnits
from servicekit.pagination import decode_uuid_cursor
from servicekit.settings import DEV_PSEUDONYM_SECRET

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PRACTICE = "cab-workflows"
RPPS = "10001234567"
NIR = "280012A00400712"  # d'Artagnan in the INSi sandbox
SECRET = DEV_PSEUDONYM_SECRET.encode()
# Domain counters, by metric name.
CREATED_TOTAL = "dentalink_ins_identities_created"
QUALIFIED_TOTAL = "dentalink_ins_identities_qualified"
LEFT_QUALIFIED_TOTAL = "dentalink_ins_identities_left_qualified"
SKIPPED_TOTAL = "dentalink_ins_apcv_sessions_skipped"
DARTAGNAN = TypedTraits(
    birth_name="d'Artagnan de l'Hérault",
    birth_first_names="Marie-Hélène",
    birth_date=date(1980, 1, 30),
    sex=Sex.FEMALE,
    birth_place_code="2A004",
)
PASSPORT = DocumentCheck(DocumentType.PASSPORT)

Units = InMemoryUnits[InMemoryIdentityStore]

# The ring every service falls back to outside production (Settings() in unit contexts).
KEYS = development_field_keys()


class Ticking:
    """A clock one second further at every reading: creation order is the clock's order."""

    def __init__(self) -> None:
        self.now = AT

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class World:
    units: Units
    insi: SandboxInsi
    context: InsContext

    @property
    def store(self) -> InMemoryIdentityStore:
        return self.units.store

    def published(self) -> list[Any]:
        return [item.event for item in self.units.outbox.published]

    def snapshot(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        """The store's rows and the outbox's events, to check that a refusal changed nothing."""
        rows = [row.model_dump() for row in self.store.identities.values()]
        entries = [entry.model_dump() for entry in self.store.transitions]
        return rows, entries, len(self.units.outbox.published)


@pytest.fixture
def world() -> World:
    units = in_memory_units()
    insi = SandboxInsi()
    return World(units, insi, unit_context(units, insi=insi, clock=Ticking()))


def traits(birth_name: str, first_names: str, born: date, sex: Sex = Sex.FEMALE, **more: Any) -> TypedTraits:
    return TypedTraits(birth_name=birth_name, birth_first_names=first_names, birth_date=born, sex=sex, **more)


async def create(
    world: World,
    typed: TypedTraits = DARTAGNAN,
    *,
    ins: Ins | None = None,
    homonyms: tuple[uuid.UUID, ...] = (),
    practice: str = PRACTICE,
) -> Applied:
    return await create_identity(
        world.context,
        practice_id=practice,
        by_rpps=RPPS,
        typed=typed,
        ins=ins,
        acknowledged_homonyms=homonyms,
    )


async def qualify_by_insi_and_passport(world: World, identity_id: uuid.UUID) -> Applied:
    await insi_lookup(world.context, PRACTICE, identity_id, by_rpps=RPPS)
    check = partial(record_document_check, check=PASSPORT)
    return await change_identity(world.context, PRACTICE, identity_id, check, by_rpps=RPPS)


def session_opened(
    practice: str = PRACTICE, *, ins: Ins | None = Ins(matricule=NIR, oid=InsOid.NIR_TEST), **beneficiary: Any
) -> ApcvSessionOpened:
    fields: dict[str, Any] = {
        "nir": NIR,
        "birth_name": "D'ARTAGNAN DE L'HERAULT",
        "first_names": "MARIE-HELENE",
        "birth_date": date(1980, 1, 30),
        "sex": "F",
        "birth_place_code": "2A004",
        "quality": "ouvrant_droit",
        "insurer": "011200000",
        "ins": ins,
        **beneficiary,
    }
    return ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=practice,
        practitioner_rpps="10009876543",
        patient_key=patient_key(NIR, SECRET),
        beneficiary=KEYS.seal(ApcvBeneficiary(**fields), ApcvSessionOpened, "beneficiary"),
        opened_at=AT,
        expires_at=AT + timedelta(minutes=30),
    )


async def consume(world: World, event: ApcvSessionOpened) -> None:
    """As the consumer runs a handler: in one unit of work that commits unless the handler raises."""
    async with world.units.unit() as uow:
        await qualify_from_session(uow, world.context, event)


# --- create_identity ------------------------------------------------------------------------------


async def test_a_created_identity_is_prov_under_the_practice_lock_and_announced(world: World) -> None:
    created = await create(world)
    row = world.store.identities[created.row.id]
    assert (row.status, row.practice_id, row.collection_method) == ("PROV", PRACTICE, "SM")
    assert [entry.kind for entry in world.store.history_of(row.id)] == ["created"]
    assert world.store.practices_locked == [PRACTICE]
    (changed,) = world.units.outbox.events(IdentityStatusChanged)
    (published,) = world.units.outbox.published
    assert published.key == changed.patient_key == world.context.patient_key(row.id, None)
    assert published.key != patient_key(NIR, SECRET)
    assert (changed.identity_id, changed.practice_id, changed.ins) == (row.id, PRACTICE, None)
    assert (changed.previous_status, changed.new_status) == (None, "PROV")
    assert counted(world.units.outbox, CREATED_TOTAL) == [(1, {})]


async def test_the_same_person_written_differently_is_refused_and_nothing_changes(world: World) -> None:
    first = await create(world)
    before = world.snapshot()
    written_differently = traits(
        "D ARTAGNAN DE L HERAULT", "marie-helene", date(1980, 1, 30), birth_place_code="2A004"
    )
    with pytest.raises(DuplicateIdentity) as refused:
        await create(world, written_differently)
    (match,) = refused.value.matches
    assert (match.identity_id, match.reasons) == (first.row.id, frozenset({MatchReason.SAME_TRAITS}))
    assert world.snapshot() == before
    assert counted(world.units.outbox, CREATED_TOTAL) == [(1, {})]


async def test_an_acknowledged_homonym_is_created_and_both_carry_homa(world: World) -> None:
    first = await create(world)
    second = await create(world, homonyms=(first.row.id,))
    assert world.store.identities[second.row.id].attributes == ["HOMA"]
    assert world.store.identities[first.row.id].attributes == ["HOMA"]
    assert first.row.id in world.store.identities_locked  # marked under its row lock
    changes = world.units.outbox.events(IdentityStatusChanged)
    # Attribute changes are announced (status unchanged); the attributes themselves stay in ins-service.
    assert [(event.identity_id, event.new_status) for event in changes[1:]] == [
        (second.row.id, "PROV"),
        (first.row.id, "PROV"),
    ]
    assert [entry.kind for entry in world.store.history_of(first.row.id)] == ["created", "attribute-set"]


async def test_a_matricule_match_cannot_be_acknowledged_as_a_homonym(world: World) -> None:
    first = await create(world, ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST))
    before = world.snapshot()
    other = traits("Autre", "Nom", date(1980, 1, 30))
    with pytest.raises(DuplicateIdentity) as refused:
        await create(world, other, ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST), homonyms=(first.row.id,))
    assert refused.value.matches[0].reasons == frozenset({MatchReason.SAME_MATRICULE})
    assert world.snapshot() == before


async def test_identities_of_other_practices_are_not_duplicates(world: World) -> None:
    await create(world)
    elsewhere = await create(world, practice="cab-elsewhere")
    assert world.store.identities[elsewhere.row.id].attributes == []
    assert len(world.units.outbox.events(IdentityStatusChanged)) == 2


# --- change_identity ------------------------------------------------------------------------------


async def test_a_document_check_after_insi_qualifies_once_under_the_row_lock(world: World) -> None:
    created = await create(world)
    qualified = await qualify_by_insi_and_passport(world, created.row.id)
    row = world.store.identities[created.row.id]
    assert (row.status, row.validation_mode, row.matricule) == ("QUAL", "PA", NIR)
    assert qualified.entry.kind == "document-checked"
    assert world.store.identities_locked == [created.row.id, created.row.id]
    (event,) = world.units.outbox.events(IdentityQualified)
    assert world.units.outbox.published[-1].key == event.patient_key == patient_key(NIR, SECRET)
    assert event.identity_id == row.id
    assert KEYS.open(event.ins, event, "ins").matricule == NIR
    # Only what consumers need, sealed: birth date and sex, never the names.
    assert KEYS.open(event.traits, event, "traits") == BirthTraits(
        birth_date=date(1980, 1, 30), sex=Sex.FEMALE
    )
    assert NIR not in event.model_dump_json() and "ARTAGNAN" not in event.model_dump_json()
    assert counted(world.units.outbox, QUALIFIED_TOTAL) == [(1, {"method": "INSI"})]


async def test_a_refused_change_publishes_nothing_and_changes_nothing(world: World) -> None:
    created = await create(world)
    before = world.snapshot()
    carte_vitale = partial(record_document_check, check=DocumentCheck(DocumentType.CARTE_VITALE))
    with pytest.raises(CarteVitaleNotProof):
        await change_identity(world.context, PRACTICE, created.row.id, carte_vitale, by_rpps=RPPS)
    assert world.snapshot() == before


async def test_another_practice_cannot_change_an_identity(world: World) -> None:
    created = await create(world)
    before = world.snapshot()
    dout = partial(set_attribute, attribute=IdentityAttribute.DOUT)
    with pytest.raises(IdentityNotFound):
        await change_identity(world.context, "cab-elsewhere", created.row.id, dout, by_rpps=RPPS)
    assert world.snapshot() == before


async def test_dout_on_a_qualified_identity_is_a_downgrade_that_is_counted(world: World) -> None:
    created = await create(world)
    await qualify_by_insi_and_passport(world, created.row.id)
    dout = partial(set_attribute, attribute=IdentityAttribute.DOUT)
    await change_identity(world.context, PRACTICE, created.row.id, dout, by_rpps=RPPS)
    last = world.units.outbox.events(IdentityStatusChanged)[-1]
    assert (last.previous_status, last.new_status) == ("QUAL", "PROV")
    assert last.ins is None  # the matricule is shared only while QUAL
    assert counted(world.units.outbox, LEFT_QUALIFIED_TOTAL) == [(1, {})]


# --- insi_lookup ----------------------------------------------------------------------------------


async def test_a_traits_lookup_follows_the_retry_strategy_and_records_the_ins(world: World) -> None:
    dupont = traits("Dupont", "Marie Claire", date(1970, 1, 1))
    created = await create(world, dupont)
    lookup = await insi_lookup(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    codes = [attempt.result.code for attempt in lookup.attempts]
    assert codes == [InsiResultCode.SEVERAL_FOUND, InsiResultCode.FOUND]
    row = world.store.identities[created.row.id]
    assert (row.status, row.matricule, row.collection_method) == ("RECUP", "270016912304506", "INSI")
    assert lookup.applied.entry.insi_call_reference == lookup.result.call_reference
    changed = world.units.outbox.events(IdentityStatusChanged)[-1]
    assert (changed.previous_status, changed.new_status, changed.ins) == ("PROV", "RECUP", None)
    assert world.units.outbox.published[-1].key == patient_key("270016912304506", SECRET)


async def test_a_carte_vitale_lookup_tells_twins_apart_with_the_typed_name_and_date(world: World) -> None:
    created = await create(world, traits("Bernard", "Emma", date(2019, 6, 15)))
    card = CarteVitaleCard(matricule="290051320501812", birth_rank=2)
    lookup = await insi_lookup(world.context, PRACTICE, created.row.id, by_rpps=RPPS, carte_vitale=card)
    assert (lookup.result.code, lookup.attempts) == (InsiResultCode.FOUND, [])
    row = world.store.identities[created.row.id]
    assert (row.matricule, row.collection_method) == ("219061320506268", "CV")
    assert lookup.applied.entry.insi_operation == "search-by-carte-vitale"


async def test_an_insi_fault_changes_nothing(world: World) -> None:
    created = await create(world, traits("Panne", "Anne", date(1990, 1, 1)))
    before = world.snapshot()
    with pytest.raises(InsiUnavailable):
        await insi_lookup(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    assert world.snapshot() == before


async def test_insi_is_not_called_for_a_doubtful_identity(world: World) -> None:
    created = await create(world)
    dout = partial(set_attribute, attribute=IdentityAttribute.DOUT)
    await change_identity(world.context, PRACTICE, created.row.id, dout, by_rpps=RPPS)
    before = world.snapshot()
    with pytest.raises(DomainError) as refused:
        await insi_lookup(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    assert refused.value.code is ErrorCode.ATTRIBUTE_FORBIDS_OPERATION
    assert world.insi.calls == {}
    assert world.snapshot() == before


async def test_an_ins_held_by_another_identity_is_surfaced_and_not_given_twice(world: World) -> None:
    held = await create(world, ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST))
    homonym = traits(
        "d'Artagnan de l'Hérault",
        "Marie-Helene Louise",
        date(1980, 1, 30),
        first_birth_first_name="Marie-Helene",
        birth_place_code="2A004",
    )
    other = await create(world, homonym, homonyms=(held.row.id,))
    before = world.snapshot()
    with pytest.raises(DuplicateIdentity) as refused:
        await insi_lookup(world.context, PRACTICE, other.row.id, by_rpps=RPPS)
    assert [match.identity_id for match in refused.value.matches] == [held.row.id]
    assert world.snapshot() == before


# --- insi_verification ----------------------------------------------------------------------------


async def test_a_failed_verification_downgrades_a_qualified_identity(world: World) -> None:
    created = await create(world, traits("Roussel", "Nathalie", date(1975, 9, 30)))
    await qualify_by_insi_and_passport(world, created.row.id)
    verified = await insi_verification(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    assert verified.result.code is InsiResultCode.NOT_FOUND
    row = world.store.identities[created.row.id]
    assert (row.status, row.ins_confirmed) == (InsStatus.VALI.value, False)
    changed = world.units.outbox.events(IdentityStatusChanged)[-1]
    assert (changed.previous_status, changed.new_status) == ("QUAL", "VALI")
    assert world.units.outbox.published[-1].key == patient_key("275093523821005", SECRET)
    assert counted(world.units.outbox, LEFT_QUALIFIED_TOTAL) == [(1, {})]


async def test_a_confirmed_verification_keeps_qual_without_a_new_event(world: World) -> None:
    created = await create(world, traits("Papadopoulou", "Eleni", date(1995, 10, 2)))
    await qualify_by_insi_and_passport(world, created.row.id)
    published = len(world.units.outbox.published)
    verified = await insi_verification(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    assert (verified.result.code, verified.applied.row.status) == (InsiResultCode.FOUND, "QUAL")
    assert verified.applied.entry.insi_operation == "verify"
    assert len(world.units.outbox.published) == published


async def test_only_an_identity_holding_an_ins_can_be_verified(world: World) -> None:
    created = await create(world)
    before = world.snapshot()
    with pytest.raises(DomainError) as refused:
        await insi_verification(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    assert refused.value.code is ErrorCode.NO_INS_TO_VERIFY
    assert world.insi.calls == {}
    assert world.snapshot() == before


# --- qualify_from_session (ApcvSessionOpened) -----------------------------------------------------


async def test_an_apcv_session_qualifies_the_typed_identity_with_method_av(world: World) -> None:
    created = await create(world)
    event = session_opened()
    await consume(world, event)
    row = world.store.identities[created.row.id]
    assert (row.status, row.collection_method, row.validation_mode) == ("QUAL", "AV", "AV")
    last = world.store.history_of(row.id)[-1]
    assert (last.kind, last.apcv_session_reference, last.insi_operation) == (
        "apcv-qualified",
        str(event.session_id),
        None,
    )
    (qualified,) = world.units.outbox.events(IdentityQualified)
    assert qualified.patient_key == event.patient_key == world.units.outbox.published[-1].key
    assert qualified.identity_id == row.id
    assert KEYS.open(qualified.ins, qualified, "ins").matricule == NIR
    assert world.insi.calls == {}
    assert world.store.practices_locked[-1] == PRACTICE
    assert counted(world.units.outbox, QUALIFIED_TOTAL) == [(1, {"method": "AV"})]


async def test_an_unknown_beneficiary_is_created_directly_as_qual(world: World) -> None:
    await consume(world, session_opened())
    (row,) = world.store.identities.values()
    assert (row.status, row.collection_method, row.matricule) == ("QUAL", "AV", NIR)
    assert [entry.kind for entry in world.store.history_of(row.id)] == ["created", "apcv-qualified"]
    assert [type(event) for event in world.published()] == [IdentityQualified]


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("no-ins", "no-ins"),
        ("two-homonyms", "ambiguous-match"),
        ("doubtful", ErrorCode.ATTRIBUTE_FORBIDS_OPERATION.value),
    ],
)
async def test_a_session_that_qualifies_nothing_is_counted_and_changes_nothing(
    world: World, setup: str, reason: str
) -> None:
    event = session_opened()
    if setup == "no-ins":
        event = session_opened(ins=None)
    elif setup == "two-homonyms":
        first = await create(world)
        await create(world, homonyms=(first.row.id,))
    else:
        created = await create(world)
        dout = partial(set_attribute, attribute=IdentityAttribute.DOUT)
        await change_identity(world.context, PRACTICE, created.row.id, dout, by_rpps=RPPS)
    before = world.snapshot()
    await consume(world, event)
    assert world.snapshot() == before
    assert counted(world.units.outbox, SKIPPED_TOTAL) == [(1, {"reason": reason})]


async def test_app_data_that_are_no_valid_ins_identity_are_a_permanent_error(world: World) -> None:
    before = world.snapshot()
    with pytest.raises(PermanentError, match="not a valid INS identity"):
        await consume(world, session_opened(first_names="ß" * 60))
    assert world.snapshot() == before
    assert world.units.outbox.counted == []


async def test_a_beneficiary_sealed_under_another_key_ring_is_a_permanent_error(world: World) -> None:
    event = session_opened()
    foreign = parse_field_keys(new_field_key_spec(KEYS.sealing_kid))  # same key id, another key
    beneficiary = KEYS.open(event.beneficiary, event, "beneficiary")
    resealed = event.model_copy(update={"beneficiary": foreign.seal(beneficiary, event, "beneficiary")})
    before = world.snapshot()
    with pytest.raises(PermanentError) as refused:
        await consume(world, resealed)
    assert NIR not in str(refused.value) and "ARTAGNAN" not in str(refused.value)
    assert world.snapshot() == before
    assert world.units.outbox.published == []


# --- Reads ----------------------------------------------------------------------------------------


async def test_an_identity_is_read_only_in_its_practice(world: World) -> None:
    created = await create(world)
    assert (await read_identity(world.context, PRACTICE, created.row.id)).id == created.row.id
    with pytest.raises(IdentityNotFound):
        await read_identity(world.context, "cab-elsewhere", created.row.id)
    with pytest.raises(IdentityNotFound):
        await read_identity(world.context, PRACTICE, uuid.uuid4())


async def test_identities_are_found_by_matricule_or_normalised_traits_page_by_page(world: World) -> None:
    first = await create(world)
    await insi_lookup(world.context, PRACTICE, first.row.id, by_rpps=RPPS)
    second = await create(world, traits("Santoni", "Marie-Ange Lucie", date(1953, 7, 8)))
    third = await create(world, traits("Santoni", "Paul", date(1953, 7, 8), sex=Sex.MALE))
    await create(world, traits("Santoni", "Paul", date(1953, 7, 8), sex=Sex.MALE), practice="cab-elsewhere")

    async def found(search: IdentitySearch, limit: int = 50, cursor: str | None = None) -> Any:
        after = decode_uuid_cursor(cursor) if cursor else None
        rows, next_cursor = await find_identities(world.context, PRACTICE, search, after, limit)
        return [row.id for row in rows], next_cursor

    assert await found(IdentitySearch(matricule=NIR)) == ([first.row.id], None)
    by_insi_traits = IdentitySearch(traits=TraitsSearch("D'ARTAGNAN DE L'HERAULT", date(1980, 1, 30)))
    assert await found(by_insi_traits) == ([first.row.id], None)
    santoni = IdentitySearch(traits=TraitsSearch("santoni", date(1953, 7, 8)))
    page, cursor = await found(santoni, limit=1)
    assert page == [second.row.id] and cursor is not None
    assert await found(santoni, limit=1, cursor=cursor) == ([third.row.id], None)
    women = IdentitySearch(traits=TraitsSearch("Santoni", date(1953, 7, 8), sex=Sex.FEMALE))
    assert await found(women) == ([second.row.id], None)
    assert len((await found(IdentitySearch()))[0]) == 3


async def test_the_history_is_paged_in_order_and_only_in_its_practice(world: World) -> None:
    created = await create(world)
    await insi_lookup(world.context, PRACTICE, created.row.id, by_rpps=RPPS)
    entries, cursor = await identity_history(world.context, PRACTICE, created.row.id, None, 1)
    assert [entry.kind for entry in entries] == ["created"] and cursor is not None
    rest, last = await identity_history(
        world.context, PRACTICE, created.row.id, decode_uuid_cursor(cursor), 1
    )
    assert ([entry.kind for entry in rest], last) == (["insi-result"], None)
    with pytest.raises(IdentityNotFound):
        await identity_history(world.context, "cab-elsewhere", created.row.id, None, 50)
