"""What dmp-service does, one async function per command, consumed event or job run (one module per area).

- `access`: the guard every operation goes through, the patient's refusals, the access log;
- `documents`, `profile`, `related`, `messages`, `agenda`: the record's commands (the API calls them);
- `identity`, `reports`: the consumed events (ins-service identities, telemed's tele-expertise acts);
- `national_push`, `notifications`: the jobs' work (pushes to the national DMP, e-mails to the patient).

A command opens its unit of work (`access.guarded_unit`), a consumed event runs in the consumer's,
a job opens one per row it claims. Domain errors (`errors`) leave them; `problems` answers them.
"""
