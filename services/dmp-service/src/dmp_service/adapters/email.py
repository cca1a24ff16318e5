"""Port to the e-mail service that notifies the patient (DOMAIN.md §5: reminders and message notices).

Mon espace santé writes to the personal address the patient registered there; the service does not
hold that address, so an e-mail is addressed to the patient's INS and the production adapter hands
it to Mon espace santé's notification service. The sandbox writes each e-mail to the table
`sandbox_email_outbox`, once per idempotency key (a re-send with the same key is a no-op), and
simulates an outage when `fault=unavailable` (settings `DMP_SANDBOX_MAILER_FAULT`, or at run time).
"""

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.dialects.postgresql import insert

from dmp_service.models import SandboxEmail
from dmp_service.settings import MailerFault
from servicekit.db import Database


class MailerUnavailable(Exception):
    """The e-mail could not be handed over now; try again later."""


@dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail to the patient identified by INS; `key` makes sending idempotent."""

    key: str
    matricule: str
    oid: str
    subject: str
    body: str


class Mailer(Protocol):
    """Send one e-mail; sending the same key twice sends it once."""

    async def send(self, email: OutgoingEmail) -> None: ...


class SandboxMailer:
    """Writes e-mails to `sandbox_email_outbox` (see the module docstring)."""

    def __init__(self, database: Database, fault: MailerFault = MailerFault.NONE) -> None:
        self.database = database
        self.fault = fault

    async def send(self, email: OutgoingEmail) -> None:
        if self.fault is MailerFault.UNAVAILABLE:
            raise MailerUnavailable("sandbox: e-mail service unavailable")
        async with self.database.transaction() as session:
            await session.execute(
                insert(SandboxEmail)
                .values(
                    id=uuid.uuid4(),
                    key=email.key,
                    recipient_matricule=email.matricule,
                    recipient_oid=email.oid,
                    subject=email.subject,
                    body=email.body,
                )
                .on_conflict_do_nothing(index_elements=["key"])
            )
