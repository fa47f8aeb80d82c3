"""The shared floor every newsdesk app stands on; it imports none of them.

What more than one app needs lives here once: the client-address rule
(`net`), the reader-page predicate (`paths`), roles (`roles`), site-wide
signals (`signals`), language helpers (`languages`), the static bundler
(`bundles`), atomic file writes (`files`), the CSRF failure page (`csrf`), the
CSP hash helper (`csp`), the cookieless daily visitor hash (`visitors`), Chinese word
segmentation (`segmentation`), the hostile-input test helpers (`testing`), the job
queue (`jobs`, `jobs_redelivery`), the hash chain under tamper-evident logs
(`hashchain`), the registry of personal-data tools each app fills
(`personal_data`) and the administrators' addresses (`mail`).
docs/architecture.md draws the rule: core ← publishing ← concern apps.
"""
