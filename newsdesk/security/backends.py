from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins through a web request.

    Calls of `authenticate()` without a request (Django's test client `login()`,
    code that checks a password outside a request) have nobody to throttle;
    django-axes would raise an error for them, this backend leaves them to the
    next backend. Every sign-in form of the site passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
