"""Persistence of identities: rows to domain and back, row locks, duplicate candidates, pages.

`IdentityStore` is what the workflows type against; `SqlIdentityStore` is PostgreSQL's (an in-memory
one for workflow unit tests is in `ins_service.testing`). A store returns None or raises domain
errors, never problems.

Identity-vigilance under concurrency (DOMAIN.md §2): every creation in a practice runs under a
transaction-scoped advisory lock of that practice, so two concurrent requests for the same person
see each other; the unique (practice_id, matricule) constraint backs it for matricules (a concurrent
writer surfaces as `MatriculeTaken`). Every transition reads its identity under its row lock
(`SELECT … FOR UPDATE`), so concurrent transitions of one identity apply one after the other.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Executable, and_, bindparam, literal, or_, tuple_, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    CollectionMethod,
    Fingerprint,
    Identity,
    IdentityAttribute,
    InsiResultCode,
    InsiTraits,
    MatriculeTaken,
    TraitsKey,
    Transition,
    Transitioned,
    TransitionKind,
    TypedTraits,
    ValidationMode,
    name_key,
)
from ins_service.models import IdentityRow, TransitionRow
from servicekit.db import advisory_xact_lock

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
    """An empty row for a new identity; `IdentityStore.record` fills it."""
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


def apply_steps(row: IdentityRow, steps: Sequence[Transitioned]) -> list[TransitionRow]:
    """Write the steps' final state into `row` and return one history entry per step."""
    entries: list[TransitionRow] = []
    for step in steps:
        store_identity(row, step.identity, step.transition)
        entries.append(transition_row(row, step.transition))
    return entries


def fingerprint_of(row: IdentityRow) -> Fingerprint:
    return Fingerprint.of_identity(identity_of(row))


# (created_at, id) of the last item of the previous page, as `servicekit.pagination` decodes a cursor.
PageAfter = tuple[datetime, uuid.UUID]


@dataclass(frozen=True)
class TraitsSearch:
    """Typed or INSi traits equal once normalised; `first_name` and `sex` refine when given."""

    birth_name: str
    birth_date: date
    first_name: str | None = None
    sex: Sex | None = None


@dataclass(frozen=True)
class IdentitySearch:
    """What `GET /identities` filters on: a matricule held (as the INS or a previous one), traits."""

    matricule: str | None = None
    traits: TraitsSearch | None = None


class IdentityStore(Protocol):
    """The identities of every practice, as the workflows see them within one unit of work."""

    async def lock_practice(self, practice_id: str) -> None:
        """Serialise identity creations of one practice until the unit of work ends (DOMAIN.md §2)."""
        ...

    async def get(
        self, practice_id: str, identity_id: uuid.UUID, *, lock: bool = False
    ) -> IdentityRow | None:
        """The identity of this practice, None otherwise. With `lock`, the row `record` writes back,
        held until the unit of work ends; without, a copy to read."""
        ...

    async def duplicate_candidates(
        self,
        practice_id: str,
        *,
        matricules: Iterable[str] = (),
        traits: Iterable[TraitsKey | TypedTraits | InsiTraits] = (),
        excluding: uuid.UUID | None = None,
    ) -> list[IdentityRow]:
        """Identities of the practice sharing a matricule or the normalised traits, in creation order;
        the domain's `find_duplicates` then says why each one matches."""
        ...

    async def record(self, row: IdentityRow, steps: Sequence[Transitioned]) -> list[TransitionRow]:
        """Store the steps' final state in `row` (new or loaded) and one history entry per step.

        Raises `MatriculeTaken` when another identity of the practice holds the matricule.
        """
        ...

    async def find(
        self, practice_id: str, search: IdentitySearch, after: PageAfter | None, limit: int
    ) -> list[IdentityRow]:
        """Matching identities of the practice in creation order after `after`, up to `limit + 1`
        (copies to read)."""
        ...

    async def history(
        self, identity_id: uuid.UUID, after: PageAfter | None, limit: int
    ) -> list[TransitionRow]:
        """The identity's history entries in order after `after`, up to `limit + 1`."""
        ...


def matricule_forms(matricule: str) -> list[ColumnElement[bool]]:
    """The identity holds this matricule as its INS, or among the previous ones INSi listed: one
    condition per index (the unique (practice_id, matricule) one, the GIN one on previous_ins)."""
    return [
        col(IdentityRow.matricule) == matricule,
        col(IdentityRow.previous_ins).contains([{"matricule": matricule}]),
    ]


def holds_matricule(matricule: str) -> ColumnElement[bool]:
    """The identity holds this matricule, as its INS or among the previous ones INSi listed."""
    return or_(*matricule_forms(matricule))


def traits_forms(
    birth_name: str, birth_date: date, first_name: str | None = None, sex: Sex | None = None
) -> list[ColumnElement[bool]]:
    """Typed traits equal once normalised, INSi traits equal once normalised: one condition per index."""
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
    return forms


def has_traits(
    birth_name: str, birth_date: date, first_name: str | None = None, sex: Sex | None = None
) -> ColumnElement[bool]:
    """Typed or INSi traits equal once normalised (case, accents, hyphens, apostrophes)."""
    return or_(*traits_forms(birth_name, birth_date, first_name, sex))


def one_of(practice_id: str, forms: Sequence[ColumnElement[bool]]) -> ColumnElement[bool]:
    """The identity is one of the practice's matching any of `forms`, found by one index lookup per
    form (UNION ALL; `IN` deduplicates) rather than by one OR over the practice.

    An OR under `ORDER BY created_at LIMIT n` lets the planner walk the practice in creation order
    and filter, and a generic plan (chosen after five executions of a prepared statement, blind to
    the values) does just that: it reads the whole practice when the identity is old or absent. Each
    branch here is an equality or containment with nothing to order, so every plan, generic or
    custom, is an index lookup per branch, then the few rows found are sorted.
    """
    lookups = [
        select(col(IdentityRow.id)).where(col(IdentityRow.practice_id) == practice_id, form) for form in forms
    ]
    ids = lookups[0] if len(lookups) == 1 else union_all(*lookups)
    return col(IdentityRow.id).in_(ids)


Row = TypeVar("Row", IdentityRow, TransitionRow)


def _page(
    query: SelectOfScalar[Row], row: type[Row], after: PageAfter | None, limit: int
) -> SelectOfScalar[Row]:
    """`query` in (created_at, id) order after `after`, limited to one more than a page."""
    created_at, row_id = col(row.created_at), col(row.id)
    if after is not None:
        query = query.where(tuple_(created_at, row_id) > tuple_(literal(after[0]), literal(after[1])))
    return query.order_by(created_at, row_id).limit(limit + 1)


def duplicates_query(
    practice_id: str,
    matricules: Iterable[str] = (),
    traits: Iterable[TraitsKey | TypedTraits | InsiTraits] = (),
    excluding: uuid.UUID | None = None,
) -> SelectOfScalar[IdentityRow] | None:
    """`IdentityStore.duplicate_candidates`: one index lookup per matricule form and traits form."""
    forms = [form for matricule in matricules for form in matricule_forms(matricule)]
    for item in traits:
        key = item if isinstance(item, TraitsKey) else TraitsKey.of(item)
        forms += traits_forms(key.birth_name, key.birth_date, key.first_name, key.sex)
    if not forms:
        return None
    query = select(IdentityRow).where(col(IdentityRow.practice_id) == practice_id, one_of(practice_id, forms))
    if excluding is not None:
        query = query.where(col(IdentityRow.id) != excluding)
    return query.order_by(col(IdentityRow.created_at), col(IdentityRow.id))


def history_query(
    identity_id: uuid.UUID, after: PageAfter | None, limit: int
) -> SelectOfScalar[TransitionRow]:
    """`GET /identities/{id}/history`: one page of the identity's history entries."""
    query = select(TransitionRow).where(col(TransitionRow.identity_id) == identity_id)
    return _page(query, TransitionRow, after, limit)


def find_query(
    practice_id: str, search: IdentitySearch, after: PageAfter | None, limit: int
) -> SelectOfScalar[IdentityRow]:
    """`GET /identities`: the practice's identities matching the search, one page in creation order.

    A matricule is looked up in its two indexes (`one_of`), then the traits, when given too, filter
    those few rows; traits alone are looked up in theirs (typed, INSi).
    """
    query = select(IdentityRow).where(col(IdentityRow.practice_id) == practice_id)
    traits = search.traits
    if search.matricule is not None:
        query = query.where(one_of(practice_id, matricule_forms(search.matricule)))
        if traits is not None:
            query = query.where(
                has_traits(traits.birth_name, traits.birth_date, traits.first_name, traits.sex)
            )
    elif traits is not None:
        forms = traits_forms(traits.birth_name, traits.birth_date, traits.first_name, traits.sex)
        query = query.where(one_of(practice_id, forms))
    return _page(query, IdentityRow, after, limit)


# `get` without a lock: built once, so neither the statement nor its cache key is made per request.
_IDENTITY_BY_ID = select(IdentityRow).where(
    col(IdentityRow.id) == bindparam("identity_id"), col(IdentityRow.practice_id) == bindparam("practice_id")
)


async def _read(
    session: AsyncSession, query: Executable, parameters: dict[str, Any] | None = None
) -> list[IdentityRow]:
    """Identities read as plain rows (Core), not loaded as ORM entities: on a read the ORM's identity
    map, state tracking and per-row loading cost more CPU than the query's round trip. The rows are
    detached values: nothing writes them back."""
    connection = await session.connection()
    result = await connection.execute(query, parameters)
    return [IdentityRow.model_construct(**row) for row in result.mappings()]


class SqlIdentityStore:
    """`IdentityStore` over one SQLAlchemy session (the unit of work's transaction, or statements
    that each commit alone for reads)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_practice(self, practice_id: str) -> None:
        await advisory_xact_lock(self.session, _PRACTICE_LOCK_NAMESPACE, practice_id)

    async def get(
        self, practice_id: str, identity_id: uuid.UUID, *, lock: bool = False
    ) -> IdentityRow | None:
        if not lock:
            found = await _read(
                self.session, _IDENTITY_BY_ID, {"identity_id": identity_id, "practice_id": practice_id}
            )
            return found[0] if found else None
        query = select(IdentityRow).where(
            col(IdentityRow.id) == identity_id, col(IdentityRow.practice_id) == practice_id
        )
        row: IdentityRow | None = (await self.session.execute(query.with_for_update())).scalar_one_or_none()
        return row

    async def duplicate_candidates(
        self,
        practice_id: str,
        *,
        matricules: Iterable[str] = (),
        traits: Iterable[TraitsKey | TypedTraits | InsiTraits] = (),
        excluding: uuid.UUID | None = None,
    ) -> list[IdentityRow]:
        query = duplicates_query(practice_id, matricules, traits, excluding)
        if query is None:
            return []
        return list((await self.session.execute(query)).scalars())

    async def record(self, row: IdentityRow, steps: Sequence[Transitioned]) -> list[TransitionRow]:
        entries = apply_steps(row, steps)
        self.session.add(row)
        try:
            await self.session.flush()
            self.session.add_all(entries)
            await self.session.flush()
        except IntegrityError as error:
            # Only the unique matricule means "someone else holds it"; any other violation is a bug.
            if "identities_practice_matricule_key" not in str(error.orig):
                raise
            raise MatriculeTaken() from error
        return entries

    async def find(
        self, practice_id: str, search: IdentitySearch, after: PageAfter | None, limit: int
    ) -> list[IdentityRow]:
        return await _read(self.session, find_query(practice_id, search, after, limit))

    async def history(
        self, identity_id: uuid.UUID, after: PageAfter | None, limit: int
    ) -> list[TransitionRow]:
        return list((await self.session.execute(history_query(identity_id, after, limit))).scalars())
