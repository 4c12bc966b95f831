"""Authentication backends: the login lockout (django-axes) in front of Django's model backend."""

from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every authentication that comes with a request.

    Every web login (the login page, the admin, the API) passes the request, so all of them are
    counted and locked out. Calls without a request come only from trusted code (the shell,
    Django's test client `login()`); axes would refuse them with an error, here they pass on to
    the model backend uncounted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
