"""The page cache: anonymous GETs answered from rendered, pre-compressed bytes.

`PageCacheApp` (wsgi.py) wraps Django's WSGI application, so a hit never
reaches Django: no request object, no middleware, no database query. Entries
live in a store under the data directory shared by every worker process
(store.py); invalidation bumps counters in a memory-mapped file (versions.py)
that every process reads on each hit. With REDIS_URL the counters live in
Redis (redis_versions.py) and so does a copy of every page (redis_pages.py), for
processes on several machines. See docs/architecture.md, "The read path".
"""
