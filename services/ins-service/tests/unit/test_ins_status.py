"""RNIV status table, attribute combinations and downgrades (DOMAIN.md §2)."""

from itertools import combinations, product

import pytest

from ins_service.domain import (
    CollectionMethod,
    DomainError,
    ErrorCode,
    IdentityAttribute,
    InsStatus,
    check_attributes,
    derive_status,
    effective_status,
    is_downgrade,
    status_facts,
)

DOUT, FICT, HOMA = IdentityAttribute.DOUT, IdentityAttribute.FICT, IdentityAttribute.HOMA
ALL_ATTRIBUTE_SETS = [
    frozenset(chosen) for size in range(4) for chosen in combinations(IdentityAttribute, size)
]
ALLOWED_SETS = [frozenset(), frozenset({DOUT}), frozenset({FICT}), frozenset({HOMA}), frozenset({DOUT, HOMA})]


@pytest.mark.parametrize(
    ("retrieved", "checked", "status"),
    [
        (False, False, InsStatus.PROV),
        (True, False, InsStatus.RECUP),
        (False, True, InsStatus.VALI),
        (True, True, InsStatus.QUAL),
    ],
)
def test_status_table(retrieved: bool, checked: bool, status: InsStatus) -> None:
    assert derive_status(retrieved, checked) is status
    assert status_facts(status) == (retrieved, checked)


def test_status_codes_are_fr_core_codes() -> None:
    assert [status.value for status in InsStatus] == ["PROV", "RECUP", "VALI", "QUAL"]


@pytest.mark.parametrize("attributes", ALL_ATTRIBUTE_SETS)
def test_only_allowed_attribute_combinations_pass(attributes: frozenset[IdentityAttribute]) -> None:
    if attributes in ALLOWED_SETS:
        assert check_attributes(attributes) == attributes
    else:
        with pytest.raises(DomainError) as caught:
            check_attributes(attributes)
        assert caught.value.code is ErrorCode.ATTRIBUTE_CONFLICT


@pytest.mark.parametrize(
    ("retrieved", "checked", "attributes", "refused"),
    list(product([False, True], [False, True], ALLOWED_SETS, [False, True])),
)
def test_effective_status_exhaustively(
    retrieved: bool, checked: bool, attributes: frozenset[IdentityAttribute], refused: bool
) -> None:
    status = effective_status(
        retrieved_by_insi=retrieved,
        checked_against_document=checked,
        attributes=attributes,
        verification_refused=refused,
    )
    if DOUT in attributes or FICT in attributes:
        assert status is InsStatus.PROV
    elif refused:
        assert status is (InsStatus.VALI if checked else InsStatus.PROV)
    else:
        assert status is derive_status(retrieved, checked)
    if refused:
        assert status is not InsStatus.QUAL


DOWNGRADES = {
    (InsStatus.QUAL, InsStatus.VALI),
    (InsStatus.QUAL, InsStatus.RECUP),
    (InsStatus.QUAL, InsStatus.PROV),
    (InsStatus.RECUP, InsStatus.PROV),
    (InsStatus.RECUP, InsStatus.VALI),
    (InsStatus.VALI, InsStatus.PROV),
    (InsStatus.VALI, InsStatus.RECUP),
}


@pytest.mark.parametrize(("previous", "new"), list(product(InsStatus, InsStatus)))
def test_downgrades_are_losses_of_a_fact(previous: InsStatus, new: InsStatus) -> None:
    assert is_downgrade(previous, new) is ((previous, new) in DOWNGRADES)


def test_collection_methods_are_fr_core_codes() -> None:
    assert {method.value for method in CollectionMethod} == {"SM", "CV", "INSI", "CB", "RFID", "AV"}
    assert CollectionMethod.APCV.value == "AV"
