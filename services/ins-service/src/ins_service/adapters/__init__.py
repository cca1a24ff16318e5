"""Ports to the national teleservices (INSi) and their sandbox implementations."""

from ins_service.adapters.insi import (
    CarteVitaleQuery,
    InsiFault,
    InsiPort,
    InsiTimeout,
    InsiUnavailable,
    ResilientInsi,
    TraitSearchAttempt,
    VerificationQuery,
    search_by_traits_with_strategy,
)
from ins_service.adapters.insi_sandbox import SandboxInsi

__all__ = [
    "CarteVitaleQuery",
    "InsiFault",
    "InsiPort",
    "InsiTimeout",
    "InsiUnavailable",
    "ResilientInsi",
    "SandboxInsi",
    "TraitSearchAttempt",
    "VerificationQuery",
    "search_by_traits_with_strategy",
]
