"""Persistence of identities: rows to domain and back, row locks, duplicate candidates.

Identity-vigilance under concurrency (DOMAIN.md §2): every creation in a practice runs under a
transaction-scoped advisory lock of that practice, so two concurrent requests for the same person
see each other; the unique (practice_id, matricule) constraint backs it for matricules.
"""

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    CollectionMethod,
    Fingerprint,
    Identity,
    IdentityAttribute,
    InsiResultCode,
    InsiTraits,
    TraitsKey,
    Transition,
    TransitionKind,
    TypedTraits,
    ValidationMode,
    name_key,
)
from ins_service.models import IdentityRow, TransitionRow
from servicekit import ProblemError

# pg_advisory_xact_lock(namespace, hashtext(practice_id)): "INS" in ASCII, apart from other locks.
_PRACTICE_LOCK_NAMESPACE = 0x494E53


def typed_traits_of(row: IdentityRow) -> TypedTraits:
    return TypedTraits(
        birth_name=row.typed_birth_name,
        birth_first_names=row.typed_birth_first_names,
        first_birth_first_name=row.typed_first_birth_first_name,
        birth_date=row.typed_birth_date,
        sex=Sex(row.typed_sex),
        birth_place_code=row.typed_birth_place_code,
    )


def insi_traits_of(row: IdentityRow) -> InsiTraits | None:
    if row.insi_birth_name is None:
        return None
    assert row.insi_birth_first_names is not None and row.insi_first_birth_first_name is not None
    assert row.insi_birth_date is not None and row.insi_sex is not None
    return InsiTraits(
        birth_name=row.insi_birth_name,
        birth_first_names=row.insi_birth_first_names,
        first_birth_first_name=row.insi_first_birth_first_name,
        birth_date=row.insi_birth_date,
        sex=Sex(row.insi_sex),
        birth_place_code=row.insi_birth_place_code,
    )


def ins_of(row: IdentityRow) -> Ins | None:
    if row.matricule is None or row.oid is None:
        return None
    return Ins(matricule=row.matricule, oid=InsOid(row.oid))


def identity_of(row: IdentityRow) -> Identity:
    """The domain aggregate a row stores."""
    return Identity(
        typed_traits=typed_traits_of(row),
        insi_traits=insi_traits_of(row),
        ins=ins_of(row),
        previous_ins=tuple(Ins.model_validate(item) for item in row.previous_ins),
        ins_confirmed=row.ins_confirmed,
        validation_mode=ValidationMode(row.validation_mode) if row.validation_mode else None,
        attributes=frozenset(IdentityAttribute(attribute) for attribute in row.attributes),
        verification_refused=row.verification_refused,
        collection_method=CollectionMethod(row.collection_method),
    )


def new_row(identity_id: uuid.UUID, practice_id: str, by_rpps: str, at: datetime) -> IdentityRow:
    """An empty row for a new identity; `store_identity` fills it."""
    return IdentityRow(
        id=identity_id,
        practice_id=practice_id,
        created_by_rpps=by_rpps,
        created_at=at,
        updated_at=at,
    )


def _store_insi_traits(row: IdentityRow, traits: InsiTraits | None) -> None:
    row.insi_birth_name = traits.birth_name if traits else None
    row.insi_birth_first_names = traits.birth_first_names if traits else None
    row.insi_first_birth_first_name = traits.first_birth_first_name if traits else None
    row.insi_birth_date = traits.birth_date if traits else None
    row.insi_sex = traits.sex.value if traits else None
    row.insi_birth_place_code = traits.birth_place_code if traits else None
    row.insi_name_key = name_key(traits.birth_name) if traits else None
    row.insi_first_name_key = name_key(traits.first_birth_first_name) if traits else None


def store_identity(row: IdentityRow, identity: Identity, transition: Transition) -> None:
    """Write the aggregate's new state into its row, with the dates FR Core reports."""
    typed = identity.typed_traits
    row.status = identity.status.value
    row.typed_birth_name = typed.birth_name
    row.typed_birth_first_names = typed.birth_first_names
    row.typed_first_birth_first_name = typed.first_birth_first_name
    row.typed_birth_date = typed.birth_date
    row.typed_sex = typed.sex.value
    row.typed_birth_place_code = typed.birth_place_code
    row.typed_name_key = name_key(typed.birth_name)
    row.typed_first_name_key = name_key(typed.first_birth_first_name)
    _store_insi_traits(row, identity.insi_traits)
    row.matricule = identity.ins.matricule if identity.ins else None
    row.oid = identity.ins.oid.value if identity.ins else None
    row.previous_ins = [ins.model_dump(mode="json") for ins in identity.previous_ins]
    row.ins_confirmed = identity.ins_confirmed
    row.validation_mode = identity.validation_mode.value if identity.validation_mode else None
    row.attributes = sorted(attribute.value for attribute in identity.attributes)
    row.verification_refused = identity.verification_refused
    row.collection_method = identity.collection_method.value
    confirmed = transition.kind is TransitionKind.APCV_QUALIFIED or (
        transition.insi_result_code is InsiResultCode.FOUND and identity.ins_confirmed
    )
    if confirmed:
        row.insi_confirmed_at = transition.at
    if transition.kind in (TransitionKind.DOCUMENT_CHECKED, TransitionKind.APCV_QUALIFIED):
        row.validated_at = transition.at
    row.updated_at = transition.at


def transition_row(row: IdentityRow, transition: Transition) -> TransitionRow:
    """The immutable history entry of one transition (DOMAIN.md §2: who, when, how)."""
    check = transition.document_check
    return TransitionRow(
        id=uuid.uuid4(),
        identity_id=row.id,
        practice_id=row.practice_id,
        kind=transition.kind.value,
        by_rpps=transition.by_rpps,
        at=transition.at,
        previous_status=transition.previous_status.value if transition.previous_status else None,
        new_status=transition.new_status.value,
        attributes=sorted(attribute.value for attribute in transition.attributes),
        reason=transition.reason,
        collection_method=transition.collection_method.value if transition.collection_method else None,
        validation_mode=transition.validation_mode.value if transition.validation_mode else None,
        document_check={key: _plain(value) for key, value in asdict(check).items()} if check else None,
        insi_operation=transition.insi_operation.value if transition.insi_operation else None,
        insi_result_code=transition.insi_result_code.value if transition.insi_result_code else None,
        insi_call_reference=transition.insi_call_reference,
        apcv_session_reference=transition.apcv_session_reference,
        attribute=transition.attribute.value if transition.attribute else None,
    )


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def not_found() -> ProblemError:
    return ProblemError(404, "identity-not-found", "No such identity in this practice.")


async def get_identity(
    session: AsyncSession, practice_id: str, identity_id: uuid.UUID, *, lock: bool = False
) -> IdentityRow:
    """The identity of this practice (404 otherwise, never 403); `lock` takes its row lock so that
    concurrent transitions of one identity run one after the other."""
    query = select(IdentityRow).where(
        col(IdentityRow.id) == identity_id, col(IdentityRow.practice_id) == practice_id
    )
    if lock:
        query = query.with_for_update()
    row: IdentityRow | None = (await session.execute(query)).scalar_one_or_none()
    if row is None:
        raise not_found()
    return row


async def lock_practice(session: AsyncSession, practice_id: str) -> None:
    """Serialise identity creations of one practice until the transaction ends (DOMAIN.md §2)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:practice))"),
        {"namespace": _PRACTICE_LOCK_NAMESPACE, "practice": practice_id},
    )


def holds_matricule(matricule: str) -> ColumnElement[bool]:
    """The identity holds this matricule, as its INS or among the previous ones INSi listed."""
    return or_(
        col(IdentityRow.matricule) == matricule,
        col(IdentityRow.previous_ins).contains([{"matricule": matricule}]),
    )


def has_traits(
    birth_name: str, birth_date: date, first_name: str | None = None, sex: Sex | None = None
) -> ColumnElement[bool]:
    """Typed or INSi traits equal once normalised (case, accents, hyphens, apostrophes)."""
    forms = []
    for name, born, first, sex_column in (
        (
            IdentityRow.typed_name_key,
            IdentityRow.typed_birth_date,
            IdentityRow.typed_first_name_key,
            IdentityRow.typed_sex,
        ),
        (
            IdentityRow.insi_name_key,
            IdentityRow.insi_birth_date,
            IdentityRow.insi_first_name_key,
            IdentityRow.insi_sex,
        ),
    ):
        conditions = [col(name) == name_key(birth_name), col(born) == birth_date]
        if first_name is not None:
            conditions.append(col(first) == name_key(first_name))
        if sex is not None:
            conditions.append(col(sex_column) == sex.value)
        forms.append(and_(*conditions))
    return or_(*forms)


async def duplicate_candidates(
    session: AsyncSession,
    practice_id: str,
    *,
    matricules: Iterable[str] = (),
    traits: Iterable[TraitsKey | TypedTraits | InsiTraits] = (),
    excluding: uuid.UUID | None = None,
) -> list[IdentityRow]:
    """Identities of the practice sharing a matricule or the normalised traits; the domain's
    `find_duplicates` then says why each one matches."""
    conditions = [holds_matricule(matricule) for matricule in matricules]
    for item in traits:
        key = item if isinstance(item, TraitsKey) else TraitsKey.of(item)
        conditions.append(has_traits(key.birth_name, key.birth_date, key.first_name, key.sex))
    if not conditions:
        return []
    query = select(IdentityRow).where(col(IdentityRow.practice_id) == practice_id, or_(*conditions))
    if excluding is not None:
        query = query.where(col(IdentityRow.id) != excluding)
    ordered = query.order_by(col(IdentityRow.created_at), col(IdentityRow.id))
    rows = (await session.execute(ordered)).scalars()
    return list(rows)


def fingerprint_of(row: IdentityRow) -> Fingerprint:
    return Fingerprint.of_identity(identity_of(row))
