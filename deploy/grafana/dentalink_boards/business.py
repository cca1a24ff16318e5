"""Business: what the platform did for practices, from the services' domain counters (counted once
their transaction committed, labels never carry personal data): INS identities and INSi calls, apCV
sessions and ADRi, tele-expertise steps, acts billed or rejected and euros billed, DMP documents.

Counts are shown per hour (`increase(...[1h])` at each point), money per day.
"""

from grafana_foundation_sdk.models import units
from grafana_foundation_sdk.models.dashboard import Dashboard

from .common import RATE, Query, Section, dashboard, graph, or_zero, single, steps

UID = "dentalink-business"


def per_hour(counter: str, by: str = "", rare: bool = False) -> str:
    """Events of the last hour at each point; `rare` counters exist only after their first event."""
    expr = f"sum by ({by}) (increase({counter}[1h]))" if by else f"sum(increase({counter}[1h]))"
    return or_zero(expr) if rare else expr


def ins() -> Section:
    return Section(
        "Identities (INS)",
        [
            graph(
                "Qualified identities per hour by method",
                "Identities that reached QUAL in the last hour, by how the identity was collected.",
                units.Short,
                Query(per_hour("dentalink_ins_identities_qualified_total", "method"), "{{method}}"),
                width=8,
            ),
            graph(
                "Identities entering each status per hour",
                "Identities entering PROV, RECUP, VALI or QUAL in the last hour, by collection method.",
                units.Short,
                Query(
                    per_hour("dentalink_ins_identities_entered_status_total", "status, method"),
                    "{{status}} {{method}}",
                ),
                width=8,
            ),
            graph(
                "Identities created and downgraded per hour",
                "Identities created, and identities that left QUAL (downgrades), in the last hour.",
                units.Short,
                Query(per_hour("dentalink_ins_identities_created_total"), "created"),
                Query(per_hour("dentalink_ins_identities_left_qualified_total", rare=True), "left QUAL"),
                width=8,
            ),
            graph(
                "INSi calls by operation and code",
                "INSi teleservice calls answered per second, by operation and result code.",
                units.RequestsPerSecond,
                Query(
                    f"sum by (operation, code) (rate(dentalink_ins_insi_calls_total[{RATE}]))",
                    "{{operation}} {{code}}",
                ),
                width=8,
            ),
            graph(
                "INSi faults",
                "INSi calls that failed technically (timeout, unavailable, …) per second, by operation and "
                "kind.",
                units.RequestsPerSecond,
                Query(
                    or_zero(f"sum by (operation, kind) (rate(dentalink_ins_insi_faults_total[{RATE}]))"),
                    "{{operation}} {{kind}}",
                ),
                width=8,
            ),
            graph(
                "apCV sessions that qualified nothing per hour",
                "apCV sessions the INS service could not use to qualify an identity, by reason.",
                units.Short,
                Query(
                    per_hour("dentalink_ins_apcv_sessions_skipped_total", "reason", rare=True), "{{reason}}"
                ),
                width=8,
            ),
        ],
    )


def vitale() -> Section:
    return Section(
        "Carte Vitale (apCV)",
        [
            graph(
                "apCV sessions per hour",
                "apCV billing sessions opened, closed by the practice and expired (after 30 minutes) in the "
                "last hour.",
                units.Short,
                Query(per_hour("dentalink_vitale_sessions_opened_total"), "opened"),
                Query(per_hour("dentalink_vitale_sessions_closed_total", "reason", rare=True), "{{reason}}"),
                width=8,
            ),
            graph(
                "apCV openings refused per hour",
                "Requests to open an apCV session refused in the last hour, by reason.",
                units.Short,
                Query(per_hour("dentalink_vitale_session_refusals_total", "reason", rare=True), "{{reason}}"),
                width=8,
            ),
            graph(
                "ADRi calls by outcome",
                "ADRi (rights of the insured) calls per second: answered, timeout or unavailable.",
                units.RequestsPerSecond,
                Query(f"sum by (outcome) (rate(dentalink_vitale_adri_calls_total[{RATE}]))", "{{outcome}}"),
                width=8,
            ),
        ],
    )


def telemed() -> Section:
    return Section(
        "Tele-expertise",
        [
            graph(
                "Expertise steps per hour by action",
                "Tele-expertise steps applied in the last hour (request, accept, refuse, answer, cancel, …).",
                units.Short,
                Query(per_hour("dentalink_telemed_steps_total", "action"), "{{action}}"),
            ),
            graph(
                "Acts recorded and expirations per hour",
                "Tele-expertise acts recorded for billing, by act code, and expertises expired unanswered.",
                units.Short,
                Query(per_hour("dentalink_telemed_acts_recorded_total", "code"), "{{code}}"),
                Query(per_hour("dentalink_telemed_expired_total", rare=True), "expired"),
            ),
        ],
    )


def billing() -> Section:
    acts = "dentalink_billing_tele_expertise_acts_total"
    rejected = f'sum(increase({acts}{{outcome!="billed"}}[1h]))'
    return Section(
        "Billing",
        [
            graph(
                "Acts billed and rejected per hour",
                "Tele-expertise acts decided in the last hour: billed, or the rejection reason.",
                units.Short,
                Query(per_hour(acts, "outcome"), "{{outcome}}"),
                width=8,
            ),
            graph(
                "Euros billed per day by act code",
                "Euros billed to the AMO (third-party payment) over the last 24 hours, per act code.",
                units.Euro,
                Query(
                    "sum by (act_code) (increase(dentalink_billing_billed_euros_total[1d]))", "{{act_code}}"
                ),
                width=8,
            ),
            single(
                "Euros billed, last 24 hours",
                "Euros billed for tele-expertise acts over the last 24 hours, every act code.",
                units.Euro,
                Query(or_zero("sum(increase(dentalink_billing_billed_euros_total[1d]))"), "euros"),
                height=8,
                width=4,
            ),
            single(
                "Rejected share, last hour",
                "Share of the acts decided in the last hour that were rejected (the alert fires over 30 % in "
                "15 minutes).",
                units.PercentUnit,
                Query(
                    f"({or_zero(rejected)}) / sum(increase({acts}[1h]))",
                    "rejected",
                ),
                thresholds=steps((None, "green"), (0.1, "orange"), (0.3, "red")),
                height=8,
                width=4,
            ),
        ],
    )


def dmp() -> Section:
    return Section(
        "DMP",
        [
            graph(
                "Documents filed per hour by source",
                "Document versions filed in patients' records in the last hour, by source.",
                units.Short,
                Query(per_hour("dentalink_dmp_documents_filed_total", "source"), "{{source}}"),
                width=8,
            ),
            graph(
                "National pushes per hour by outcome",
                "Attempts to push documents to the national DMP in the last hour, by outcome.",
                units.Short,
                Query(per_hour("dentalink_dmp_national_pushes_total", "outcome", rare=True), "{{outcome}}"),
                width=8,
            ),
            graph(
                "Access denied per hour",
                "Record accesses denied in the last hour, by reason and operation.",
                units.Short,
                Query(
                    per_hour("dentalink_dmp_access_denied_total", "reason, operation", rare=True),
                    "{{reason}} {{operation}}",
                ),
                width=8,
            ),
        ],
    )


def build() -> Dashboard:
    return dashboard(
        UID,
        "Dentalink / Business",
        "Qualified identities, apCV sessions, tele-expertises, acts billed and rejected, euros billed, DMP.",
        [ins(), vitale(), telemed(), billing(), dmp()],
        tags=["business"],
    )
