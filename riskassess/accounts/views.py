"""Log in, log out, and the two-factor step (TOTP, django-otp) for coordinators and approvers.

After the password, OTPRequiredMiddleware sends coordinators and approvers here: to `otp_enrol`
when they have no authenticator yet (a QR code and the secret as text, then a first code), else to
`otp_verify`. Wrong codes are throttled by django-otp (1 s, 2 s, 4 s, ... after each failure) and
recorded in the audit trail.
"""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from riskassess.accounts.forms import TokenForm
from riskassess.accounts.middleware import otp_required_for
from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log


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
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


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
    """Checks the code; on refusal, says why on the form and records it in the audit trail."""
    if not device.verify_is_allowed()[0]:
        form.add_error("token", "Too many wrong codes: wait a few seconds, then enter the current code.")
    elif device.verify_token(form.cleaned_data["token"]):
        return True
    else:
        form.add_error("token", "That code is not right. Enter the code your authenticator app shows now.")
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
            otp_login(request, device)
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
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First-time set-up of an authenticator app: scan the QR code (or type the secret), then
    confirm with a first code. Once a device is confirmed, it is changed only by an administrator."""
    if not (settings.OTP_REQUIRED and otp_required_for(request.user)):
        return redirect(_next_url(request))
    if _confirmed_device(request.user) is not None:
        return redirect(_with_next("otp_verify", request))
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _token_accepted(request, form, device):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.cycle_key()
            audit_log(
                action=AuditEvent.Action.CREATE,
                actor=request.user,
                obj=device,
                summary=f"{request.user.username} set up an authenticator app",
                request=request,
            )
            messages.success(request, "Your authenticator app is set up. You will need a code at every login.")
            return redirect(_next_url(request))
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": _qr_svg(device.config_url),
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/otp_enrol.html", context)
