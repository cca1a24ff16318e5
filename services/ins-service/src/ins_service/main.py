"""National health identity (INS): from typed traits to qualified, with INSi and identity-vigilance.

Entry point: `uvicorn --factory ins_service.main:build`. Everything else is wired by servicekit.
"""

from pathlib import Path

from fastapi import FastAPI

from ins_service import api
from ins_service.adapters import InsiPort, ResilientInsi, SandboxInsi
from ins_service.context import InsContext
from ins_service.events import PRODUCES, SUBSCRIPTIONS
from ins_service.sandbox_reset import purge_practice
from ins_service.settings import Settings
from ins_service.store import SqlIdentityStore
from servicekit import Kit, ServiceSpec, create_app, sql_single_statements, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

DESCRIPTION = """
Records each patient's national health identity (INS) in a practice and brings it to *qualified*
(DOMAIN.md §1–3): NIR/NIA validation naming the wrong part, matricule/traits consistency alerts,
the RNIV statuses PROV / RECUP / VALI / QUAL from two facts (retrieved or verified by INSi; checked
against a high-trust document), attributes DOUT / FICT / HOMA, the patient's refusal of verification,
and an immutable history (who, when, how) of every transition.

- **Identity-vigilance**: one patient, one identity per practice; a match by matricule or traits
  answers 409 `duplicate-identity` with a link to the existing identity.
- **INSi** (sandbox by default, fictitious identities on the TEST OID): searches by traits with the
  retry strategy, by carte Vitale data, and verification. Technical faults are 503/504 problems and
  change nothing. Never called for DOUT/FICT identities, after a refusal, or for apCV identities.
- **e-carte Vitale**: an `ApcvSessionOpened` event qualifies the beneficiary's identity with method
  `AV` (created directly as QUAL when unknown), without calling INSi.
- **Events**: `IdentityQualified` once per entry into QUAL; `IdentityStatusChanged` for every other
  change, downgrades included; keyed by a pseudonymous patient key.
- **FHIR**: `GET /v1/identities/{id}` with `Accept: application/fhir+json` answers an FR Core
  `fr-core-patient-ins` Patient; the INS identifier only when QUAL.
"""


def default_insi(settings: Settings) -> InsiPort:
    """The sandbox INSi behind timeouts and bounded retries; a production client would plug in here."""
    return SandboxInsi(fault=settings.insi_sandbox_fault)


def build(
    settings: Settings | None = None, *, insi: InsiPort | None = None, clock: Clock = system_clock
) -> FastAPI:
    """The ins-service app; tests may give another INSi port (behind the same timeouts and retries)
    or clock."""
    settings = settings or Settings()

    def context(kit: Kit) -> InsContext:
        return InsContext(
            settings=settings,
            units_of_work=sql_units_of_work(kit.database, SqlIdentityStore, kit.source),
            single_statements=sql_single_statements(kit.database, SqlIdentityStore, kit.source),
            insi=ResilientInsi(
                insi or default_insi(settings),
                timeout_seconds=settings.insi_timeout_seconds,
                max_attempts=settings.insi_max_attempts,
                retry_base_seconds=settings.insi_retry_base_seconds,
            ),
            pseudonym_secret=kit.pseudonym_secret,
            source=kit.source,
            clock=clock,
        )

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink ins-service",
            description=DESCRIPTION,
            routers=[api.router, *sandbox_reset_routers(settings.sandbox_enabled, purge_practice)],
            migrations_dir=MIGRATIONS,
            context=context,
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            openapi_tags=[
                {"name": "identities", "description": "INS identities, INSi, identity-vigilance, history"}
            ],
        )
    )
