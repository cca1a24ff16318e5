"""What the e-carte Vitale app discloses, as carried in the Dentalink apCV token (DOMAIN.md §4).

The real apCV format is not public: this shape is Dentalink's own. It holds civil status, e-mail,
INS and compulsory-insurance (AMO) data only; there is no field for medical data (seed, "Contenu
de l'apCV").
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from dentalink_contracts import Ins, Sex
from dentalink_contracts.events.vitale import AMO_BENEFICIARY_FIELDS
from vitale_service.domain.nir import Nir

# Longest name or first-names list accepted. ins-service qualifies identities from ApcvSessionOpened and
# keeps a birth name in 200 characters, first names in 300 and the first one in 100: 100 fits them all,
# so an accepted payload never makes its consumer dead-letter the session.
NAME_MAX_LENGTH = 100

# A name or first-names list as the app shows it (INSi style: upper case, hyphens, apostrophes, spaces).
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX_LENGTH, pattern=r"^\S(?:.*\S)?$")]

# INSEE COG code of a birth place: commune (dept 01–95, 2A/2B, 97x/98x) or 99 + country (DOMAIN.md §1).
BirthPlaceCode = Annotated[str, StringConstraints(pattern=r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")]

# Organisme de rattachement: régime (2) + caisse (3) + centre (4) digits, as on the carte Vitale.
InsurerCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{9}$")]

# Deliberately loose: the issuer verified the address at activation (seed); we only keep it.
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class AmoQuality(StrEnum):
    """Quality of a person on the AMO data: the insured or one of their beneficiaries (seed)."""

    OUVRANT_DROIT = "ouvrant_droit"
    CONJOINT = "conjoint"
    ENFANT = "enfant"
    AUTRE = "autre"


class CivilStatus(BaseModel):
    """The app holder's civil status: names, first names, sex, birth date and place (seed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    birth_name: Name
    usage_name: Name | None = None
    first_names: Name
    sex: Sex
    birth_date: date
    birth_place_code: BirthPlaceCode

    @property
    def first_name(self) -> str:
        """The first of the birth first names, kept on its own like the INS trait (DOMAIN.md §2)."""
        return self.first_names.split(" ", 1)[0]


class AmoBeneficiary(BaseModel):
    """One person of the AMO data, the insured or a beneficiary (DOMAIN.md §4; seed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nir: Nir = Field(description=AMO_BENEFICIARY_FIELDS["nir"])
    ouvrant_droit_nir: Nir | None = Field(
        default=None, description=AMO_BENEFICIARY_FIELDS["ouvrant_droit_nir"]
    )
    birth_name: Name = Field(description=AMO_BENEFICIARY_FIELDS["birth_name"])
    usage_name: Name | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["usage_name"])
    first_names: Name = Field(description=AMO_BENEFICIARY_FIELDS["first_names"])
    birth_date: date = Field(description=AMO_BENEFICIARY_FIELDS["birth_date"])
    # Twins of one ouvrant droit share a birth date: the rank tells them apart (INSi search, DOMAIN.md §3).
    birth_rank: int = Field(default=1, ge=1, le=9, description=AMO_BENEFICIARY_FIELDS["birth_rank"])
    sex: Sex | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["sex"])
    birth_place_code: BirthPlaceCode | None = Field(
        default=None, description=AMO_BENEFICIARY_FIELDS["birth_place_code"]
    )
    quality: AmoQuality = Field(description=AMO_BENEFICIARY_FIELDS["quality"])
    insurer: InsurerCode = Field(description=AMO_BENEFICIARY_FIELDS["insurer"])
    updated_on: date = Field(description=AMO_BENEFICIARY_FIELDS["updated_on"])
    # Read from the app, the INS counts as qualified, ayants droit included (DOMAIN.md §2; RNIV 1 §4.3.4).
    ins: Ins | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["ins"])

    @model_validator(mode="after")
    def _ouvrant_droit_link(self) -> Self:
        if self.quality is AmoQuality.OUVRANT_DROIT and self.ouvrant_droit_nir is not None:
            raise ValueError("the ouvrant droit carries no ouvrant_droit_nir")
        if self.quality is not AmoQuality.OUVRANT_DROIT and self.ouvrant_droit_nir in (None, self.nir):
            raise ValueError("a beneficiary carries the NIR of their ouvrant droit, not their own")
        return self


class ApcvContent(BaseModel):
    """Everything the app discloses for one reading: holder, e-mail, INS, AMO data (DOMAIN.md §4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    civil_status: CivilStatus
    email: Email
    ins: Ins | None = None
    # Which of the beneficiaries is the person who unlocked the app with their code (seed).
    holder_nir: Nir
    beneficiaries: tuple[AmoBeneficiary, ...] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _one_card(self) -> Self:
        nirs = [beneficiary.nir for beneficiary in self.beneficiaries]
        if len(set(nirs)) != len(nirs):
            raise ValueError("a NIR appears twice among the beneficiaries")
        if self.holder_nir not in nirs:
            raise ValueError("the holder is not among the beneficiaries")
        # One card belongs to one ouvrant droit: every beneficiary points at the same person.
        ouvrants = {b.nir for b in self.beneficiaries if b.quality is AmoQuality.OUVRANT_DROIT}
        linked = {b.ouvrant_droit_nir for b in self.beneficiaries if b.ouvrant_droit_nir is not None}
        if len(ouvrants | linked) != 1:
            raise ValueError("the beneficiaries do not share one ouvrant droit")
        holder_ins = self.holder.ins
        if self.ins is not None and holder_ins is not None and holder_ins != self.ins:
            raise ValueError("the holder's INS differs between civil status and AMO data")
        return self

    @property
    def holder(self) -> AmoBeneficiary:
        """The AMO entry of the person who unlocked the app."""
        return next(b for b in self.beneficiaries if b.nir == self.holder_nir)


class ApcvPayload(BaseModel):
    """A verified apCV token: its content plus what the caller needs to refuse a replay (DOMAIN.md §4).

    Store `(issuer, nonce)` as seen until `expires_at`: after that the token is refused as expired anyway.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    issuer: str
    audience: str
    key_id: str
    nonce: str
    issued_at: datetime
    not_before: datetime | None
    expires_at: datetime
    content: ApcvContent

    @property
    def beneficiaries(self) -> tuple[AmoBeneficiary, ...]:
        """The AMO beneficiaries on the app, the insured included."""
        return self.content.beneficiaries
