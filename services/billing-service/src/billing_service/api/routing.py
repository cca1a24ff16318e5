"""What every billing router shares: the `/v1` prefix, the auth problems and who may read."""

from fastapi import APIRouter

from dentalink_contracts.values import Role
from servicekit.problems import problem_doc

READERS = (Role.DENTIST, Role.SPECIALIST, Role.DENTAL_ASSISTANT, Role.PRACTICE_ADMIN, Role.AUDITOR)


def billing_router(tag: str) -> APIRouter:
    """A `/v1` router whose routes all document the gateway's 401 and the role check's 403."""
    return APIRouter(
        prefix="/v1",
        tags=[tag],
        responses={
            401: problem_doc("unauthenticated: no valid gateway token"),
            403: problem_doc("forbidden-role: the caller's role may not do this"),
        },
    )
