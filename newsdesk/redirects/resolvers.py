"""Functions other apps register to guess where an old address went.

A resolver takes the request and returns an object with get_absolute_url(), a
URL string, or None. They run only when no Redirect row names the address
exactly; the WordPress app registers one for old permalink structures.
"""

_resolvers = []


def register(resolver):
    if resolver not in _resolvers:
        _resolvers.append(resolver)
    return resolver


def resolve(request):
    for resolver in _resolvers:
        found = resolver(request)
        if found:
            return found
    return None
