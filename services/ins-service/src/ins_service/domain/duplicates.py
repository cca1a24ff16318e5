"""Identity-vigilance duplicate detection: one patient, one identity (DOMAIN.md §2)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from dentalink_contracts import Sex
from ins_service.domain.identity import Identity
from ins_service.domain.matricule import normalise_matricule
from ins_service.domain.traits import InsiTraits, TypedTraits, name_key


@dataclass(frozen=True)
class TraitsKey:
    """Birth name + first birth first name + birth date + sex, compared normalised (DOMAIN.md §2)."""

    birth_name: str
    first_name: str
    birth_date: date
    sex: Sex

    @classmethod
    def of(cls, traits: TypedTraits | InsiTraits) -> "TraitsKey":
        return cls(
            birth_name=name_key(traits.birth_name),
            first_name=name_key(traits.first_birth_first_name),
            birth_date=traits.birth_date,
            sex=traits.sex,
        )


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a person for duplicate detection: matricules and trait keys, in any form held."""

    matricules: frozenset[str]
    traits: frozenset[TraitsKey]

    @classmethod
    def of_candidate(cls, traits: TypedTraits | None = None, matricule: str | None = None) -> "Fingerprint":
        """A not yet created identity: a typed (or read) matricule and/or typed traits."""
        return cls(
            matricules=frozenset({normalise_matricule(matricule)} if matricule else ()),
            traits=frozenset({TraitsKey.of(traits)} if traits else ()),
        )

    @classmethod
    def of_identity(cls, identity: Identity) -> "Fingerprint":
        """An existing identity: its INS, previous INS, typed and INSi traits all count."""
        held = [identity.ins, *identity.previous_ins] if identity.ins else list(identity.previous_ins)
        forms = [identity.typed_traits] + ([identity.insi_traits] if identity.insi_traits else [])
        return cls(
            matricules=frozenset(normalise_matricule(ins.matricule) for ins in held),
            traits=frozenset(TraitsKey.of(traits) for traits in forms),
        )


class MatchReason(StrEnum):
    """Why an existing identity may be the same person."""

    SAME_MATRICULE = "same-matricule"
    SAME_TRAITS = "same-traits"


@dataclass(frozen=True)
class DuplicateMatch:
    """An existing identity to surface before creating a new one (DOMAIN.md §2)."""

    identity_id: UUID
    reasons: frozenset[MatchReason]


class DuplicateIdentity(Exception):
    """Identities of the practice already match: one patient, one identity (DOMAIN.md §2)."""

    def __init__(self, matches: Sequence[DuplicateMatch]) -> None:
        super().__init__(f"{len(matches)} identities of this practice match")
        self.matches = list(matches)


def find_duplicates(
    candidate: Fingerprint, existing: Iterable[tuple[UUID, Fingerprint]]
) -> list[DuplicateMatch]:
    """Existing identities with the same matricule or the same normalised traits, in input order (§2)."""
    matches: list[DuplicateMatch] = []
    for identity_id, known in existing:
        reasons: set[MatchReason] = set()
        if candidate.matricules & known.matricules:
            reasons.add(MatchReason.SAME_MATRICULE)
        if candidate.traits & known.traits:
            reasons.add(MatchReason.SAME_TRAITS)
        if reasons:
            matches.append(DuplicateMatch(identity_id, frozenset(reasons)))
    return matches
