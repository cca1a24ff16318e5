from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmp_service.domain import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    BrokenHistory,
    DocumentMetadata,
    DocumentTooLarge,
    VersionConflict,
    check_size,
    content_digest,
    file_document,
    history_chain,
    supersede,
)

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
DOC = UUID(int=1)


def _metadata(title: str = "Compte rendu de soins", content: bytes = b"%PDF-1.7 ...") -> DocumentMetadata:
    return DocumentMetadata(
        type_code="11488-4",
        title=title,
        author_rpps="10101010101",
        date_of_care=date(2025, 5, 30),
        content_type="application/pdf",
        size_bytes=len(content),
        sha256=content_digest(content),
    )


def test_digest_is_lowercase_hex_sha256() -> None:
    assert content_digest(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_size_limit_is_inclusive() -> None:
    check_size(DEFAULT_MAX_DOCUMENT_BYTES)
    with pytest.raises(DocumentTooLarge) as raised:
        check_size(DEFAULT_MAX_DOCUMENT_BYTES + 1)
    assert raised.value.code == "document_too_large"
    assert raised.value.limit_bytes == DEFAULT_MAX_DOCUMENT_BYTES
    check_size(2_000, limit_bytes=2_000)
    with pytest.raises(DocumentTooLarge):
        check_size(2_001, limit_bytes=2_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", " ", "title"),
        ("content_type", "PDF", "media type"),
        ("size_bytes", 0, "empty"),
        ("sha256", "ABC", "sha256"),
        ("author_rpps", "12", "11"),
    ],
)
def test_metadata_rejects_invalid_fields(field: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(_metadata(), **{field: value})


def test_replacing_keeps_the_old_version_and_links_the_new_one() -> None:
    first = file_document(UUID(int=10), DOC, _metadata(), AT)
    old, new = supersede(first, UUID(int=11), _metadata("Compte rendu corrigé"), AT + timedelta(hours=1))
    assert not old.is_current and old.superseded_at == AT + timedelta(hours=1)
    assert old.metadata == first.metadata
    assert new.is_current and new.number == 2 and new.supersedes == first.version_id
    assert new.document_id == DOC
    assert history_chain([new, old]) == [old, new]


def test_superseded_version_cannot_be_replaced_again() -> None:
    first = file_document(UUID(int=10), DOC, _metadata(), AT)
    old, _ = supersede(first, UUID(int=11), _metadata(), AT)
    with pytest.raises(VersionConflict):
        supersede(old, UUID(int=12), _metadata(), AT)


def test_new_version_cannot_predate_the_one_it_replaces() -> None:
    first = file_document(UUID(int=10), DOC, _metadata(), AT)
    with pytest.raises(ValueError, match="before the version it replaces"):
        supersede(first, UUID(int=11), _metadata(), AT - timedelta(seconds=1))


@given(st.integers(1, 12))
def test_any_number_of_replacements_forms_one_chain(replacements: int) -> None:
    versions = [file_document(uuid4(), DOC, _metadata(), AT)]
    for n in range(replacements):
        old, new = supersede(versions[-1], uuid4(), _metadata(f"v{n + 2}"), AT + timedelta(minutes=n + 1))
        versions[-1] = old
        versions.append(new)
    chain = history_chain(reversed(versions))
    assert [v.number for v in chain] == list(range(1, replacements + 2))
    assert [v.is_current for v in chain] == [False] * replacements + [True]


def test_history_chain_detects_corruption() -> None:
    first = file_document(UUID(int=10), DOC, _metadata(), AT)
    old, new = supersede(first, UUID(int=11), _metadata(), AT)
    with pytest.raises(BrokenHistory, match="gaps"):
        history_chain([new])
    with pytest.raises(BrokenHistory, match="does not supersede"):
        history_chain([old, replace(new, supersedes=UUID(int=99))])
    with pytest.raises(BrokenHistory, match="several documents"):
        history_chain([old, replace(new, document_id=UUID(int=2))])
    with pytest.raises(BrokenHistory, match="last version"):
        history_chain([old])
    with pytest.raises(BrokenHistory, match="at least one"):
        history_chain([])
