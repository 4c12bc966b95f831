"""Session limits and the two-factor step.

SessionLimitsMiddleware: a login lasts at most settings.SESSION_COOKIE_AGE (12 hours) from the
moment the user logged in, however active they are, and ends after settings.SESSION_IDLE_TIMEOUT
(30 minutes) without a request. Django's SESSION_COOKIE_AGE alone is neither: it restarts whenever
the session is saved. Times are kept in the session (seconds since the epoch).

OTPRequiredMiddleware: with settings.OTP_REQUIRED, every user (all roles see non-public data) must
verify a TOTP code (django-otp) after their password before any other page answers; users with no
authenticator yet are sent to enrolment first. Needs django_otp.middleware.OTPMiddleware before it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

SESSION_STARTED_KEY = "_riskassess_login_at"
SESSION_SEEN_KEY = "_riskassess_seen_at"
# The "last seen" time is written at most this often, so that busy pages and API clients do not
# save the session on every request; the idle limit is exact to within this many seconds.
SEEN_RESOLUTION_SECONDS = 30


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _login_redirect(request: HttpRequest, view_name: str = "login") -> HttpResponse:
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    url = reverse(view_name) + (f"?{query}" if query else "")
    if request.headers.get("HX-Request") == "true":
        # htmx follows redirects inside the page; ask it to load the login page as a whole page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def session_mark_login(request: HttpRequest) -> None:
    """Starts the clocks of a new login (called on user_logged_in)."""
    now = int(timezone.now().timestamp())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(timezone.now().timestamp())
            started = request.session.get(SESSION_STARTED_KEY)
            seen = request.session.get(SESSION_SEEN_KEY)
            if started is None or seen is None:
                session_mark_login(request)
            else:
                reason = ""
                if now - started > settings.SESSION_COOKIE_AGE:
                    reason = gettext("Your session reached its maximum length of 12 hours. Please log in again.")
                elif now - seen > settings.SESSION_IDLE_TIMEOUT:
                    reason = gettext("You were logged out after 30 minutes without activity. Please log in again.")
                if reason:
                    logout(request)
                    if _is_api(request):
                        return JsonResponse({"detail": reason}, status=401)
                    messages.info(request, reason)
                    return _login_redirect(request)
                if now - seen >= SEEN_RESOLUTION_SECONDS:
                    request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


# Every role sees data that is not public (a state's assessments, EU aggregates before publication,
# a supplier's own hearings), so every role passes the second factor. A new role is added here
# only if it sees public data alone.
ROLES_WITHOUT_SECOND_FACTOR: tuple[str, ...] = ()


def otp_required_for(user) -> bool:
    """Whether this user must pass the two-factor step (when settings.OTP_REQUIRED is on)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.role not in ROLES_WITHOUT_SECOND_FACTOR or user.is_superuser)
    )


# Paths an authenticated but unverified user may still open: the two-factor pages themselves,
# logging out, static files and the health check. (Enrolment links start with /accounts/enrol/.)
_OPEN_URL_NAMES = ("otp_verify", "otp_enrol", "logout", "login", "set_language")


class OTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.OTP_REQUIRED
            and otp_required_for(user)
            and not user.is_verified()  # type: ignore[union-attr]  # otp_required_for(None) is False
            and not self._is_open(request.path_info)
        ):
            if _is_api(request):
                return JsonResponse(
                    {"detail": "Two-factor verification required: log in through the web page first."}, status=403
                )
            return _login_redirect(request, "otp_verify")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")) or path == "/healthz":
            return True
        if path.startswith("/accounts/enrol/"):
            return True
        return path in {reverse(name) for name in _OPEN_URL_NAMES}


class UserLanguageMiddleware:
    """A signed-in user's own language (User.language, set on the account page or by the language
    switcher) wins over the language cookie and the browser's Accept-Language, which
    django.middleware.locale.LocaleMiddleware has already applied. An API request that names a
    language in Accept-Language gets that language: API clients choose per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and not (_is_api(request) and request.headers.get("Accept-Language")):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
