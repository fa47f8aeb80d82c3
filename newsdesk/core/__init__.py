"""The shared floor of newsdesk: small pieces every app may use.

It imports no app (not publishing, not any concern app): apps import it, never
the other way round. What lives here is generic: the job queue (jobs.py), the
hash chain behind tamper-evident logs (hashchain.py), and the registry of
personal-data tools each app fills (personal_data.py).
"""
