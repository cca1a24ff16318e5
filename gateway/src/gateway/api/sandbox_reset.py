"""Reset a sandbox practice's data (sandbox mode only): the practice admin deletes what the practice
created in every service, to run a scenario again from a clean practice (gateway.workflows.sandbox_reset)."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from dentalink_contracts.values import PRACTICE_ID_PATTERN
from gateway.api.caller import GatewayCall
from gateway.api.openapi import problem_responses
from gateway.context import Context
from gateway.workflows.sandbox_reset import reset_practice

router = APIRouter(prefix="/v1/sandbox", tags=["sandbox"])

PracticePath = Annotated[
    str,
    Path(
        pattern=PRACTICE_ID_PATTERN,
        description="The practice to reset: the one named by `X-Practice-Id`.",
    ),
]


class ServiceResetOut(BaseModel):
    service: str = Field(description="The service (`ins`, `vitale`, `dmp`, `telemed`, `billing`).")
    deleted: dict[str, int] = Field(description="Rows deleted per table of that service.")


class PracticeResetOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "practice_id": "cab-0123456789",
                    "services": [
                        {"service": "ins", "deleted": {"identities": 3, "identity_transitions": 7}},
                        {"service": "vitale", "deleted": {"apcv_sessions": 1}},
                        {"service": "dmp", "deleted": {"documents": 1, "access_log": 12}},
                        {"service": "telemed", "deleted": {"tele_expertises": 1, "expertise_trace": 4}},
                        {"service": "billing", "deleted": {"care_sheets": 1, "tele_expertise_invoices": 1}},
                    ],
                }
            ]
        }
    )

    practice_id: str = Field(description="The practice whose sandbox data was deleted.")
    services: list[ServiceResetOut] = Field(description="What each service deleted, in a fixed order.")


@router.post(
    "/practices/{practice_id}/reset",
    operation_id="sandbox.resetPractice",
    response_model=PracticeResetOut,
    summary="Delete the sandbox data this practice created, in every service",
    description="Sandbox mode only (404 otherwise), for the practice admin of a practice the client "
    "acts for. Deletes what the practice created: its identities and their history, apCV sessions, "
    "care sheets and invoices; in the shared records, the documents, profile entries, refusals, "
    "messages and appointments it filed and its access-log lines; the tele-expertises it requested. "
    "Left: the records themselves and what other practices created, tele-expertises they requested "
    "of this one included. The roster and the client stay. Repeatable: after a 502, 503 or 504, call "
    "it again.",
    responses=problem_responses(401, 403, 404, 429, 502, 503, 504),
)
async def reset(practice_id: PracticePath, call: GatewayCall, context: Context) -> PracticeResetOut:
    done = await reset_practice(context, call, practice_id)
    return PracticeResetOut(
        practice_id=practice_id,
        services=[ServiceResetOut(service=str(one.service), deleted=one.deleted) for one in done],
    )
