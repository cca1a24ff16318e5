"""The gateway's workflows, one async function per command: each opens its unit of work
(`async with context.units_of_work() as uow`), loads through the store, decides with the domain and
writes. They raise domain errors, never HTTP ones (gateway.problems maps them).

- `calls`: who is calling and what they may do (authentication, habilitation).
- `tokens`: OAuth2 client credentials.
- `exchanges`: the bookkeeping of a forwarded call (audit row, Idempotency-Key).
- `roster`: a practice's roster.
- `audit`: reading the audit trail.
- `sandbox_reset`: deleting a sandbox practice's data in every service.
"""
