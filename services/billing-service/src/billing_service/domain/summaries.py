"""Per-act totals and their CSV rendering for the accountant export.

CSV choice: `;` as separator, because spreadsheets in a French locale read `,` as the decimal
comma and split on `;`; amounts keep the API's dot form ("10.00") so one format serves machines and
people. Rows end with CRLF (RFC 4180). Encoding (UTF-8, with a BOM for Excel) is the caller's choice.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple, Protocol

from billing_service.domain.money import format_euros, from_cents, to_cents

CSV_SEPARATOR = ";"
CSV_HEADER = ("act_code", "count", "total_eur")
TOTAL_ROW_LABEL = "TOTAL"

# Spreadsheets run cells starting with these as formulas (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class PricedLine(Protocol):
    """Anything billed for an act: an invoice decision or a care-sheet line."""

    @property
    def act_code(self) -> str: ...

    @property
    def amount(self) -> Decimal: ...


class ActTotal(NamedTuple):
    """How many acts of a code, and their exact total."""

    act_count: int
    total: Decimal


def summarise(lines: Iterable[PricedLine]) -> dict[str, ActTotal]:
    """Count and exact total per act code, ordered by code (ARCHITECTURE.md: money never float)."""
    counts: dict[str, int] = {}
    cents: dict[str, int] = {}
    for line in lines:
        code = str(line.act_code)
        counts[code] = counts.get(code, 0) + 1
        cents[code] = cents.get(code, 0) + to_cents(line.amount)
    return {code: ActTotal(counts[code], from_cents(cents[code])) for code in sorted(counts)}


def summary_rows(summary: Mapping[str, ActTotal]) -> list[tuple[str, str, str]]:
    """Header, one row per act code, then the grand total, as text cells."""
    rows = [CSV_HEADER]
    rows += [(code, str(total.act_count), format_euros(total.total)) for code, total in summary.items()]
    count = sum(total.act_count for total in summary.values())
    grand = from_cents(sum(to_cents(total.total) for total in summary.values()))
    rows.append((TOTAL_ROW_LABEL, str(count), format_euros(grand)))
    return rows


def _neutralised(cell: str) -> str:
    # A leading apostrophe makes spreadsheets show the text instead of evaluating it. Amounts are
    # never negative here, so "-" only ever starts hostile text.
    return f"'{cell}" if cell.startswith(_FORMULA_PREFIXES) else cell


def to_csv(rows: Iterable[Sequence[str]], separator: str = CSV_SEPARATOR) -> str:
    """CSV text of the rows, cells quoted when needed and formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_neutralised(cell) for cell in row])
    return buffer.getvalue()
