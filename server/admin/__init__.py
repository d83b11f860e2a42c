"""The manager's console at ``/admin``: log in with a supervisor or admin account, set the
center up, watch it live, report. Every change goes through the same core services as the CLI,
so it is validated and logged the same way."""
