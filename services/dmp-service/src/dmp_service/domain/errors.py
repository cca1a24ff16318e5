"""Typed rule violations of the DMP domain; each has a stable `code` for the API's problem type."""


class DmpDomainError(ValueError):
    """Base of every rule violation of the DMP domain (ValueError: all are invalid inputs)."""

    code: str = "dmp_domain_error"


class DocumentTooLarge(DmpDomainError):
    """The document exceeds the configured size limit (DOMAIN.md §5; limit is an assumption)."""

    code = "document_too_large"

    def __init__(self, size_bytes: int, limit_bytes: int) -> None:
        super().__init__(f"document of {size_bytes} bytes exceeds the limit of {limit_bytes} bytes")
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes


class VersionConflict(DmpDomainError):
    """A new version was made from a version that is no longer the current one (optimistic lock)."""

    code = "version_conflict"


class BrokenHistory(DmpDomainError):
    """Stored versions do not form one unbroken chain 1..n: data corruption, never silently fixed."""

    code = "broken_history"


class IllegalPushTransition(DmpDomainError):
    """The national-DMP push state does not allow this step (e.g. a success after the final failure)."""

    code = "illegal_push_transition"
