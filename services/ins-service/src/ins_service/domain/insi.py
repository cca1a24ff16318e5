"""INSi téléservice results and the trait-search retry strategy, as pure types (DOMAIN.md §3)."""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain.errors import DomainError, ErrorCode
from ins_service.domain.matricule import ParsedMatricule
from ins_service.domain.traits import InsiTraits, TypedTraits


class InsiOperation(StrEnum):
    """The INSi operations (DOMAIN.md §3): two searches and the verification of a held INS."""

    SEARCH_BY_CARTE_VITALE = "search-by-carte-vitale"
    SEARCH_BY_TRAITS = "search-by-traits"
    VERIFY = "verify"


class InsiResultCode(StrEnum):
    """Business result codes (DOMAIN.md §3); technical faults are not results and never appear here."""

    FOUND = "00"
    NOT_FOUND = "01"
    SEVERAL_FOUND = "02"


@dataclass(frozen=True)
class InsiIdentity:
    """The identity INSi returned: active matricule, OID, traits and previous matricules (DOMAIN.md §3)."""

    matricule: ParsedMatricule
    oid: InsOid
    traits: InsiTraits
    previous: tuple[Ins, ...] = ()

    @property
    def ins(self) -> Ins:
        return Ins(matricule=self.matricule.value, oid=self.oid)


@dataclass(frozen=True)
class InsiResult:
    """One INSi answer, tied to its call reference for traceability (DOMAIN.md §2, §3)."""

    operation: InsiOperation
    code: InsiResultCode
    call_reference: str
    identity: InsiIdentity | None = None

    def __post_init__(self) -> None:
        if not self.call_reference.strip():
            raise DomainError(ErrorCode.INVALID_INSI_RESULT, "an INSi result carries its call reference")
        if self.code is InsiResultCode.SEVERAL_FOUND and self.operation is not InsiOperation.SEARCH_BY_TRAITS:
            raise DomainError(ErrorCode.INVALID_INSI_RESULT, "only a search by traits can answer 02")
        if self.code is not InsiResultCode.FOUND and self.identity is not None:
            raise DomainError(ErrorCode.INVALID_INSI_RESULT, "only a 00 answer returns an identity")
        searching = self.operation is not InsiOperation.VERIFY
        if searching and self.code is InsiResultCode.FOUND and self.identity is None:
            raise DomainError(ErrorCode.INVALID_INSI_RESULT, "a 00 search answer returns the identity")


@dataclass(frozen=True)
class TraitSearchCriteria:
    """A search by traits: birth name, first name(s), sex, birth date, optional place (DOMAIN.md §3)."""

    birth_name: str
    first_names: str
    sex: Sex
    birth_date: date
    birth_place_code: str | None = None


def first_trait_search_criteria(traits: TypedTraits) -> TraitSearchCriteria:
    """The first attempt: the first birth first name only, no birth place (DOMAIN.md §3)."""
    return TraitSearchCriteria(
        birth_name=traits.birth_name,
        first_names=traits.first_birth_first_name,
        sex=traits.sex,
        birth_date=traits.birth_date,
    )


def next_trait_search_criteria(
    previous: TraitSearchCriteria, code: InsiResultCode, traits: TypedTraits
) -> TraitSearchCriteria | None:
    """On 01/02 add the other first names, then the birth place, then stop (None) (DOMAIN.md §3)."""
    if code is InsiResultCode.FOUND:
        return None
    all_first_names = " ".join(traits.birth_first_names.split())
    if previous.birth_place_code is None and " ".join(previous.first_names.split()) != all_first_names:
        return replace(previous, first_names=all_first_names)
    if previous.birth_place_code is None and traits.birth_place_code is not None:
        return replace(previous, first_names=all_first_names, birth_place_code=traits.birth_place_code)
    return None
