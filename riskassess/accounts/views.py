"""Log in, log out, the two-factor step (TOTP or a recovery code, django-otp), enrolment links and
the account pages of an authority (riskassess/accounts/services.py says who manages whom).

After the password, OTPRequiredMiddleware sends every user here (`otp_verify`). A user with no
confirmed authenticator is NOT enrolled by logging in with the password (whoever knows it could
bind their own phone): `otp_enrol` says to ask the account's authority for an enrolment link, which
is single-use, expires, and goes to the account's own address (`enrol`). Wrong codes are throttled
by django-otp (1 s, 2 s, 4 s, ... after each failure) and recorded in the audit trail.
"""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from riskassess.accounts.forms import TokenForm
from riskassess.accounts.middleware import otp_required_for
from riskassess.accounts.models import NATIONAL_ROLES, Role, User
from riskassess.accounts.services import (
    account_create,
    account_reset_second_factor,
    account_set_active,
    enrolment_complete,
    enrolment_device,
    enrolment_link_find,
    enrolment_link_issue,
    roles_managed_by,
    user_set_language,
)
from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (settings.AXES_LOCKOUT_CALLABLE): 429 and a page
    that says what happened and how long to wait."""
    from axes.helpers import get_client_username

    context = {
        "failure_limit": settings.LOGIN_FAILURES_PER_PAIR,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    """A local path to go on to (an absolute path on this site), else the home page's URL. Never a
    bare name: redirect("foo") would try to reverse it (NoReverseMatch, a 500)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and not any(c.isspace() for c in candidate)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, request: HttpRequest) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': _next_url(request)})}"


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def _qr_svg(data: str) -> str:
    """The enrolment QR code as inline SVG (no style attributes, so the CSP holds)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    # Generated from our own otpauth:// URL, never from user-supplied markup.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-title" class="qr-code" ', 1))  # noqa: S308


def _token_accepted(request: HttpRequest, form: TokenForm, device: TOTPDevice) -> bool:
    """Checks the code (or, when it is not six digits, a single-use recovery code); on refusal, says
    why on the form and records it in the audit trail."""
    token = form.cleaned_data["token"]
    recovery = None if token.isdigit() else StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    checked = recovery or device
    if not checked.verify_is_allowed()[0]:
        form.add_error("token", _("Too many wrong codes: wait a few seconds, then enter the current code."))
    elif checked.verify_token(token):
        if recovery is not None:
            form.used_device = recovery  # type: ignore[attr-defined]
        return True
    else:
        form.add_error("token", _("That code is not right. Enter the code your authenticator app shows now."))
    audit_log(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor=request.user,
        obj=request.user,
        summary=f"wrong two-factor code for {request.user.username}",
        data={"step": "otp"},
        request=request,
    )
    return False


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the user's authenticator app."""
    if not (settings.OTP_REQUIRED and otp_required_for(request.user)):
        return redirect(_next_url(request))
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("otp_enrol", request))
    if request.user.is_verified():  # type: ignore[union-attr]  # added by django-otp's middleware
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _token_accepted(request, form, device):
            otp_login(request, getattr(form, "used_device", device))
            request.session.cycle_key()  # a new session id once the login is complete
            audit_log(
                action=AuditEvent.Action.LOGIN,
                actor=request.user,
                obj=request.user,
                summary=f"{request.user.username} passed the two-factor step",
                data={"step": "otp"},
                request=request,
            )
            return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
@require_http_methods(["GET"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """No authenticator yet: no enrolment here (the password alone must not bind a device). The page
    says who issues the enrolment link."""
    if not (settings.OTP_REQUIRED and otp_required_for(request.user)):
        return redirect(_next_url(request))
    if _confirmed_device(request.user) is not None:
        return redirect(_with_next("otp_verify", request))
    return render(request, "accounts/otp_enrol.html", {"next": _next_url(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, key: str) -> HttpResponse:
    """The single-use enrolment link: choose a password, add the authenticator app, confirm with a
    first code; then the recovery codes, shown once, and the user is logged in and verified."""
    link = enrolment_link_find(key=key)
    if link is None:
        return render(request, "accounts/enrol_invalid.html", status=404)
    device = enrolment_device(link=link)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        password = request.POST.get("password1", "")
        if password != request.POST.get("password2", ""):
            errors["password"] = [_("The two passwords differ.")]
        else:
            try:
                device, codes = enrolment_complete(
                    link=link, password=password, code=request.POST.get("token", "").replace(" ", ""), request=request
                )
            except ApplicationError as exc:
                errors = exc.errors or {"token": [exc.message]}
            else:
                user = link.user
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                otp_login(request, device)
                response = render(request, "accounts/recovery_codes.html", {"codes": codes})
                response["Cache-Control"] = "no-store"
                return response
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    context = {
        "errors": errors,
        "account": link.user,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    response = render(request, "accounts/enrol.html", context, status=400 if errors else 200)
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Accounts of an authority: the member state's account managers (national users), coordinators
# (EU users). Everyone else gets 404.
# ---------------------------------------------------------------------------------------------


def _managed_accounts(manager) -> QuerySet[User]:
    roles = roles_managed_by(manager)
    users = User.objects.filter(role__in=roles).exclude(pk=manager.pk).order_by("username")
    if manager.role in NATIONAL_ROLES:
        users = users.filter(member_state_id=manager.member_state_id)
    return users


@login_required
@require_http_methods(["GET", "POST"])
def accounts_list(request: HttpRequest) -> HttpResponse:
    """The accounts this user manages, and a form to create one (an enrolment link is e-mailed)."""
    if not roles_managed_by(request.user):
        raise Http404
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("username", "email", "first_name", "last_name", "role")}
        try:
            created = account_create(
                manager=request.user,  # type: ignore[arg-type]  # login_required: a User
                manages_accounts=request.POST.get("manages_accounts") == "on",
                request=request,
                **values,
            )
        except PermissionDenied:
            errors = {"role": [_("Choose one of the roles offered.")]}
        except (ApplicationError, ValidationError) as exc:
            errors = getattr(exc, "errors", None) or getattr(exc, "message_dict", None) or {"username": [str(exc)]}
        else:
            messages.success(
                request,
                _("Account %(u)s created: an enrolment link went to %(e)s.")
                % {"u": created.username, "e": created.email},
            )
            return redirect("accounts")
    context = {
        "accounts": _managed_accounts(request.user).select_related("member_state"),
        "roles": [(r, Role(r).label) for r in roles_managed_by(request.user)],
        "errors": errors,
        "values": values,
    }
    return render(request, "accounts/accounts.html", context, status=400 if errors else 200)


@login_required
@require_POST
def account_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate, reactivate, send a new enrolment link, reset the second factor."""
    user = get_object_or_404(_managed_accounts(request.user), pk=pk) if roles_managed_by(request.user) else None
    if user is None:
        raise Http404
    action = request.POST.get("action", "")
    if action == "deactivate":
        account_set_active(manager=request.user, user=user, active=False, request=request)  # type: ignore[arg-type]
        messages.success(
            request, _("%(u)s can no longer log in; their API tokens stop working.") % {"u": user.username}
        )
    elif action == "activate":
        account_set_active(manager=request.user, user=user, active=True, request=request)  # type: ignore[arg-type]
        messages.success(request, _("%(u)s can log in again.") % {"u": user.username})
    elif action == "link":
        enrolment_link_issue(user=user, issued_by=request.user, request=request)
        messages.success(request, _("A new enrolment link went to %(e)s.") % {"e": user.email})
    elif action == "reset":
        account_reset_second_factor(manager=request.user, user=user, request=request)
        messages.success(
            request,
            _("The second factor of %(u)s is reset; their API tokens stop working; a new link went to %(e)s.")
            % {"u": user.username, "e": user.email},
        )
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("accounts")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher of every page: sets the language cookie (Django's set_language, which
    checks the `next` address) and, for a signed-in user, their own language too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_me(request: HttpRequest) -> HttpResponse:
    """The user's own account: name, role, and the interface language (or the browser's)."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            user_set_language(user=request.user, language=request.POST.get("language", ""))  # type: ignore[arg-type]
        except ApplicationError as exc:
            errors = exc.errors or {"language": [str(exc)]}
        else:
            response = redirect("account_me")
            language = request.user.language  # type: ignore[union-attr]  # login_required: a User
            if language:
                translation.activate(language)
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    samesite="Lax",  # as settings.LANGUAGE_COOKIE_SAMESITE
                    httponly=True,
                )
            else:
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            messages.success(request, _("Your language is saved."))
            return response
    return render(request, "accounts/me.html", {"errors": errors, "languages": settings.LANGUAGES})
