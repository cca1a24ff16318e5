import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import (
    DENTAL_CARE_CATALOGUE,
    TELE_EXPERTISE_CATALOGUE,
    ActTotal,
    BillableAct,
    Billed,
    CapWindowMode,
    CareSheetLine,
    PricedLine,
    care_sheet_line,
    decide_billing,
    euros,
    from_cents,
    sum_euros,
    summarise,
    summary_rows,
    to_cents,
    to_csv,
)
from dentalink_contracts.events.telemed import ActCode


def billed(code: ActCode, day: date) -> Billed:
    decision = decide_billing(
        BillableAct(code, day, "10101010101", "pk_" + "c" * 32),
        [],
        TELE_EXPERTISE_CATALOGUE,
        CapWindowMode.CALENDAR_YEAR,
    )
    assert isinstance(decision, Billed)
    return decision


def test_summarise_counts_and_totals_per_code_in_code_order() -> None:
    lines: list[PricedLine] = [
        billed(ActCode.TE2, date(2026, 1, 5)),
        billed(ActCode.RQD, date(2026, 1, 6)),
        billed(ActCode.TE2, date(2026, 2, 7)),
        care_sheet_line("HBQK389", date(2026, 2, 8), DENTAL_CARE_CATALOGUE, quantity=3),
    ]
    summary = summarise(lines)
    assert list(summary) == ["HBQK389", "RQD", "TE2"]
    assert summary["RQD"] == ActTotal(1, euros("10.00"))
    assert summary["TE2"] == (2, euros("40.00"))
    count, total = summary["HBQK389"]
    assert (count, total) == (1, euros("23.94"))


def test_empty_summary_still_has_a_total_row() -> None:
    assert summarise([]) == {}
    assert summary_rows({}) == [("act_code", "count", "total_eur"), ("TOTAL", "0", "0.00")]


def test_csv_is_semicolon_separated_with_dot_amounts() -> None:
    summary = {"RQD": ActTotal(2, euros("20.00")), "TE2": ActTotal(1, euros("20.00"))}
    assert to_csv(summary_rows(summary)) == (
        "act_code;count;total_eur\r\nRQD;2;20.00\r\nTE2;1;20.00\r\nTOTAL;3;40.00\r\n"
    )


def test_csv_neutralises_formulas_and_quotes_separators() -> None:
    text = to_csv([('=HYPERLINK("http://x")', "a;b", "@SUM(A1)", "plain")])
    assert next(csv.reader(io.StringIO(text), delimiter=";")) == [
        '\'=HYPERLINK("http://x")',
        "a;b",
        "'@SUM(A1)",
        "plain",
    ]


amount_cents = st.integers(min_value=1, max_value=10**10)
codes = st.sampled_from(["C", "HBJD001", "HBQK389", "RQD", "TE2"])


@given(st.lists(st.tuples(codes, amount_cents), max_size=40))
def test_summary_preserves_count_and_exact_total(priced: list[tuple[str, int]]) -> None:
    lines = [CareSheetLine(code, "x", date(2026, 1, 1), from_cents(cents)) for code, cents in priced]
    summary = summarise(lines)
    assert sum(total.act_count for total in summary.values()) == len(lines)
    assert to_cents(sum_euros(total.total for total in summary.values())) == sum(c for _, c in priced)
    rows = list(csv.reader(io.StringIO(to_csv(summary_rows(summary))), delimiter=";"))
    assert rows[-1] == ["TOTAL", str(len(lines)), f"{sum_euros(line.amount for line in lines):.2f}"]
    for code, count, total in rows[1:-1]:
        assert summary[code] == ActTotal(int(count), euros(total))
