"""Domain counters of dmp-service (labels carry no personal data: never an INS, RPPS or name)."""

from servicekit.telemetry import meter

documents_filed = meter.create_counter(
    "dentalink_dmp_documents_filed", description="Document versions filed in records, by source"
)
access_denied = meter.create_counter(
    "dentalink_dmp_access_denied", description="Denied access attempts, by reason and operation"
)
national_pushes = meter.create_counter(
    "dentalink_dmp_national_pushes", description="National DMP push attempts by outcome"
)
emails = meter.create_counter("dentalink_dmp_emails", description="E-mail deliveries to patients by outcome")
