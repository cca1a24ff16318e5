"""The ins-service test harness: an in-memory identity store and a context for workflow unit tests,
and the practice helper integration tests drive the API with (fixtures in tests/integration/conftest.py).
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dentalink_contracts.values import Role
from ins_service.adapters import InsiPort, SandboxInsi
from ins_service.context import InsContext
from ins_service.domain import InsiTraits, MatriculeTaken, TraitsKey, Transitioned, TypedTraits, name_key
from ins_service.models import IdentityRow, TransitionRow
from ins_service.settings import Settings
from ins_service.store import IdentitySearch, PageAfter, TraitsSearch, apply_steps
from servicekit.clock import Clock, system_clock
from servicekit.fakes import InMemoryUnits, RecordingOutbox
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import GatewayKeys, caller

# --- Workflow unit tests: no database, no broker --------------------------------------------------


def _holds(row: IdentityRow, matricule: str) -> bool:
    return row.matricule == matricule or any(item["matricule"] == matricule for item in row.previous_ins)


def _has_traits(row: IdentityRow, search: TraitsSearch) -> bool:
    """`store.has_traits` in Python: typed or INSi traits equal once normalised."""
    forms = (
        (row.typed_name_key, row.typed_birth_date, row.typed_first_name_key, row.typed_sex),
        (row.insi_name_key, row.insi_birth_date, row.insi_first_name_key, row.insi_sex),
    )
    return any(
        name == name_key(search.birth_name)
        and born == search.birth_date
        and (search.first_name is None or first == name_key(search.first_name))
        and (search.sex is None or sex == search.sex.value)
        for name, born, first, sex in forms
    )


def _ordered(rows: Iterable[Any], after: PageAfter | None, limit: int) -> list[Any]:
    """Rows in (created_at, id) order after `after`, up to one more than a page, as SQL pages them."""
    ordered = sorted(rows, key=lambda row: (row.created_at, row.id))
    if after is not None:
        ordered = [row for row in ordered if (row.created_at, row.id) > after]
    return ordered[: limit + 1]


@dataclass
class InMemoryIdentityStore:
    """`IdentityStore` in memory, with PostgreSQL's unique matricule per practice. Under
    `servicekit.fakes.InMemoryUnits`, a unit that raises leaves it as it found it.

    The practice and row locks cannot contend here; they are recorded so tests can check that a
    workflow takes them (identity-vigilance under concurrency is covered against PostgreSQL)."""

    identities: dict[uuid.UUID, IdentityRow] = field(default_factory=dict)
    transitions: list[TransitionRow] = field(default_factory=list)
    practices_locked: list[str] = field(default_factory=list)
    identities_locked: list[uuid.UUID] = field(default_factory=list)

    async def lock_practice(self, practice_id: str) -> None:
        self.practices_locked.append(practice_id)

    async def get(
        self, practice_id: str, identity_id: uuid.UUID, *, lock: bool = False
    ) -> IdentityRow | None:
        row = self.identities.get(identity_id)
        if row is None or row.practice_id != practice_id:
            return None
        if lock:
            self.identities_locked.append(identity_id)
        return row

    async def duplicate_candidates(
        self,
        practice_id: str,
        *,
        matricules: Iterable[str] = (),
        traits: Iterable[TraitsKey | TypedTraits | InsiTraits] = (),
        excluding: uuid.UUID | None = None,
    ) -> list[IdentityRow]:
        held = list(matricules)
        keys = [item if isinstance(item, TraitsKey) else TraitsKey.of(item) for item in traits]
        searches = [TraitsSearch(key.birth_name, key.birth_date, key.first_name, key.sex) for key in keys]
        found = [
            row
            for row in self.identities.values()
            if row.practice_id == practice_id
            and row.id != excluding
            and (
                any(_holds(row, matricule) for matricule in held)
                or any(_has_traits(row, search) for search in searches)
            )
        ]
        return sorted(found, key=lambda row: (row.created_at, row.id))

    async def record(self, row: IdentityRow, steps: Sequence[Transitioned]) -> list[TransitionRow]:
        entries = apply_steps(row, steps)
        if row.matricule is not None and any(
            other.id != row.id and other.practice_id == row.practice_id and other.matricule == row.matricule
            for other in self.identities.values()
        ):
            raise MatriculeTaken()
        self.identities[row.id] = row
        for entry in entries:
            entry.created_at = self._next_entry_time()
            self.transitions.append(entry)
        return entries

    def _next_entry_time(self) -> datetime:
        """Like `clock_timestamp()`: entries keep the order they were written in."""
        now = datetime.now(UTC)
        if self.transitions and now <= self.transitions[-1].created_at:
            return self.transitions[-1].created_at + timedelta(microseconds=1)
        return now

    async def find(
        self, practice_id: str, search: IdentitySearch, after: PageAfter | None, limit: int
    ) -> list[IdentityRow]:
        found = [
            row
            for row in self.identities.values()
            if row.practice_id == practice_id
            and (search.matricule is None or _holds(row, search.matricule))
            and (search.traits is None or _has_traits(row, search.traits))
        ]
        return _ordered(found, after, limit)

    async def history(
        self, identity_id: uuid.UUID, after: PageAfter | None, limit: int
    ) -> list[TransitionRow]:
        return _ordered(
            [entry for entry in self.transitions if entry.identity_id == identity_id], after, limit
        )

    def history_of(self, identity_id: uuid.UUID) -> list[TransitionRow]:
        """Every history entry of one identity, in the order written."""
        return [entry for entry in self.transitions if entry.identity_id == identity_id]


def in_memory_units() -> InMemoryUnits[InMemoryIdentityStore]:
    """Units of work over a fresh in-memory store, with a recording outbox."""
    return InMemoryUnits(InMemoryIdentityStore())


def unit_context(
    units: InMemoryUnits[InMemoryIdentityStore],
    *,
    insi: InsiPort | None = None,
    clock: Clock = system_clock,
) -> InsContext:
    """A context whose units of work are `units` (the sandbox INSi by default, no retries)."""
    return InsContext(
        settings=Settings(),
        units_of_work=units.factory,
        insi=insi or SandboxInsi(),
        pseudonym_secret=DEV_PSEUDONYM_SECRET.encode(),
        clock=clock,
    )


def counted(outbox: RecordingOutbox, metric: str) -> list[tuple[float, dict[str, str]]]:
    """What committed units added to the counter named `metric`: (amount, attributes), in order."""
    return [(amount, labels) for name, amount, labels in outbox.counted if name == metric]


# --- Integration tests: the API against the real PostgreSQL and Kafka -----------------------------

KEYS = GatewayKeys.generate()
RPPS = "10001234567"


@dataclass
class Practice:
    """One test's practice: headers for its professionals and shortcuts to the API."""

    http: httpx.AsyncClient
    practice_id: str

    def headers(self, role: Role = Role.DENTIST, rpps: str = RPPS) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=self.practice_id, role=role, rpps=rpps))

    async def create(self, **fields: Any) -> dict[str, Any]:
        """Create an identity of the practice; the API must answer 201."""
        response = await self.http.post("/v1/identities", json=fields, headers=self.headers())
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(self, path: str, body: Any = None, expected: int = 200) -> dict[str, Any]:
        response = await self.http.post(path, json=body, headers=self.headers())
        assert response.status_code == expected, response.text
        result: dict[str, Any] = response.json()
        return result

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.http.get(path, params=params, headers=self.headers())
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result


def integration_settings(database_url: str, consumer_group_suffix: str) -> Settings:
    """Settings of the module's ins app: short INSi deadlines and retries, a consumer group of its own
    that starts at the topics' end (an app left running must not replay earlier suites' events)."""
    return Settings(
        database_url=database_url,
        internal_token_public_key=KEYS.public_pem,
        consumer_group_suffix=consumer_group_suffix,
        consumer_start_new_group_at_end=True,
        outbox_safety_poll_seconds=0.5,
        insi_timeout_seconds=0.3,
        insi_max_attempts=2,
        insi_retry_base_seconds=0.01,
        consumer_retry_base_seconds=0.05,
    )
