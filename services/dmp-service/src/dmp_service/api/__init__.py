"""The public API of dmp-service under /v1, keyed by the patient's INS (only ever QUAL).

Every route calls one workflow, which goes through the guard (`workflows.access.guard`): role (least
privilege), record existence, qualified identity, the patient's refusals; every access, allowed or
denied, lands in the access log. Domain errors are answered by `problems`.
"""

from fastapi import APIRouter

from dmp_service.api import access, agenda, capabilities, documents, messages, profile, related

router = APIRouter(prefix="/v1")
for module in (access, documents, profile, related, messages, agenda, capabilities):
    router.include_router(module.router)

OPENAPI_TAGS = [
    {"name": "access", "description": "The patient's refusals and the access log."},
    {"name": "documents", "description": "Documents and their versions; pushed to the national DMP."},
    {"name": "medical profile", "description": "Versioned entries of the medical profile."},
    {"name": "related profiles", "description": "Children's profiles attached to a parent's record."},
    {"name": "secure messages", "description": "Messages from professionals to the patient."},
    {"name": "agenda", "description": "Prevention agenda and appointments with e-mail reminders."},
    {"name": "fhir", "description": "The FHIR CapabilityStatement of the platform's FHIR renderings."},
]
