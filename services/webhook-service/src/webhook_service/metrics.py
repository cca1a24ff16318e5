"""Domain counters of webhook-service (Prometheus through servicekit's meter)."""

from servicekit.telemetry import meter

deliveries_queued = meter.create_counter(
    "dentalink_webhook_deliveries_queued", description="Webhook deliveries queued, by webhook type"
)
delivery_attempts = meter.create_counter(
    "dentalink_webhook_delivery_attempts",
    description="Webhook delivery attempts, by outcome (delivered, retry, failed, refused)",
)
endpoints_disabled = meter.create_counter(
    "dentalink_webhook_endpoints_disabled",
    description="Endpoints disabled after every delivery failed for the whole retry window",
)
