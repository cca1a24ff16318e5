"""A sandbox Pro Santé Connect issuer for integrators: fictitious professionals, ID tokens signed
with a key generated at start (never committed) and published as a JWKS.

Tokens carry the claims Pro Santé Connect gives about a professional (`SubjectNameID` = "8" + RPPS,
`SubjectRefPro.exercices[]` with TRE_G15 profession and TRE_R38 specialty codes, activities with the
establishment's FINESS), so vendor code written against the sandbox reads real tokens the same way.
Every RPPS and FINESS below is fictitious but has a valid check digit.
"""

import time
import uuid
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from dentalink_contracts.values import Role
from gateway.domain.professionals import RPPS_ID_PREFIX


@dataclass(frozen=True)
class SandboxProfessional:
    """One fictitious professional of the sandbox directory."""

    label: str
    rpps: str
    first_name: str
    last_name: str
    profession_code: str
    savoir_faire: str | None
    finess: str | None
    usual_role: Role
    description: str

    def exercice(self) -> dict[str, Any]:
        exercice: dict[str, Any] = {
            "codeProfession": self.profession_code,
            "codeCategorieProfessionnelle": "C",
            "nomDexercice": self.last_name,
            "prenomDexercice": self.first_name,
            "activities": [{"numeroFinessSite": self.finess}] if self.finess else [],
        }
        if self.savoir_faire:
            exercice |= {"codeTypeSavoirFaire": "S", "codeSavoirFaire": self.savoir_faire}
        return exercice


EHPAD_FINESS = "670000017"

SANDBOX_PROFESSIONALS: tuple[SandboxProfessional, ...] = (
    SandboxProfessional("dentist", "10000001015", "Camille", "DURAND", "40", None, None, Role.DENTIST,
                        "General dentist; also the practice admin of the sandbox practices."),
    SandboxProfessional("dentist-known", "10000001023", "Hugo", "LEROY", "40", None, None, Role.DENTIST,
                        "General dentist who already treated the EHPAD residents (known by the patient)."),
    SandboxProfessional("oral-surgeon", "10000001031", "Inès", "FONTAINE", "40", "SCD02", None,
                        Role.SPECIALIST, "Specialist dentist, oral surgery (SCD02)."),
    SandboxProfessional("orthodontist", "10000001049", "Paul", "MOREAU", "40", "SCD01", None,
                        Role.SPECIALIST, "Specialist dentist, dento-facial orthopaedics (SCD01)."),
    SandboxProfessional("maxillofacial-surgeon", "10000001056", "Léa", "GIRARD", "10", "SM68", None,
                        Role.SPECIALIST, "Physician, maxillofacial surgery (SM68)."),
    SandboxProfessional("ehpad-nurse", "10000001064", "Marc", "PETIT", "60", None, EHPAD_FINESS,
                        Role.EHPAD_PROFESSIONAL, f"Nurse of the EHPAD with FINESS {EHPAD_FINESS}."),
    SandboxProfessional("ehpad-dentist", "10000001098", "Nadia", "BENALI", "40", None, EHPAD_FINESS,
                        Role.DENTIST,
                        f"Dentist employed by the EHPAD with FINESS {EHPAD_FINESS}; requests tele-expertise "
                        "for its residents (and bills RQD, paid to dentists only)."),
    SandboxProfessional("dental-assistant", "10000001072", "Julie", "ROUX", "31", None, None,
                        Role.DENTAL_ASSISTANT, "Dental assistant at the practice's reception."),
    SandboxProfessional("auditor", "10000001080", "Anne", "BLANC", "10", "SM49", None, Role.AUDITOR,
                        "Public-health physician auditing the practice's accesses."),
)  # fmt: skip


def sandbox_professional(key: str) -> SandboxProfessional:
    """By label or RPPS; KeyError when unknown."""
    for professional in SANDBOX_PROFESSIONALS:
        if key in (professional.label, professional.rpps):
            return professional
    raise KeyError(key)


class SandboxPscIssuer:
    """Signs ID tokens (RS256, as Pro Santé Connect does) for the sandbox professionals."""

    def __init__(self, issuer: str, audience: str, private_pem: str | None = None) -> None:
        self.issuer = issuer
        self.audience = audience
        key = RSAKey.import_key(private_pem) if private_pem else RSAKey.generate_key(2048, private=True)
        self.key = RSAKey.import_key(key.as_dict(private=True), parameters={"kid": key.thumbprint()})
        self._public = KeySet([RSAKey.import_key(self.key.as_dict(private=False))])

    def key_set(self) -> KeySet:
        """The public key, the same object every time (verifiers remember what it verified)."""
        return self._public

    def jwks(self) -> dict[str, Any]:
        return {"keys": [{**self.key.as_dict(private=False), "use": "sig", "alg": "RS256"}]}

    def mint(
        self,
        professional: SandboxProfessional,
        *,
        client_id: str | None,
        lifetime: int,
        now: float | None = None,
        audience: str | list[str] | None = None,
    ) -> str:
        """An ID token for `client_id` (its `azp`: the gateway accepts it only from that client;
        None mints an unbound one, which the gateway refuses unless `audience` names the client)."""
        issued = int(now if now is not None else time.time())
        id_nat = RPPS_ID_PREFIX + professional.rpps
        claims = {
            "iss": self.issuer,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.issuer}/{id_nat}")),
            "aud": audience or self.audience,
            "iat": issued,
            "auth_time": issued,
            "exp": issued + lifetime,
            "acr": "eidas1",
            "preferred_username": id_nat,
            "SubjectNameID": id_nat,
            "given_name": professional.first_name,
            "family_name": professional.last_name,
            "SubjectRefPro": {"exercices": [professional.exercice()]},
        }
        if client_id is not None:
            claims["azp"] = client_id
        return jwt.encode({"alg": "RS256", "typ": "JWT", "kid": self.key.kid}, claims, self.key)
