"""Accounts under the right authority: who creates and manages whom, enrolment links, second factors.

The rule (`account_authority_over`): a national account (regulator, approver) is managed only by an
account manager of its own member state (`User.manages_accounts`); an EU account (coordinator,
observer) only by an EU coordinator. A coordinator cannot create, edit, deactivate or enrol a
national user nor set its password, in the admin or anywhere else (riskassess/accounts/admin.py
shows coordinators only EU accounts). Superusers act only on the command line. A new role is one
more line in `account_authority_over`.

Nobody chooses another person's password. An account starts with no usable password and gets a
single-use enrolment link (ENROLMENT_LINK_HOURS), sent to its own e-mail address: the person sets
their password and their authenticator app there and receives recovery codes. "The first person
to log in with the password enrols the authenticator" is gone: without a confirmed device, the
two-factor page asks for a new link.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from riskassess.accounts.models import EU_ROLES, NATIONAL_ROLES, SUPPLIER_ROLES, EnrolmentLink, Role, User
from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.core.text import control_characters

RECOVERY_CODES = 10


def account_authority_over(manager: Any, user: Any) -> bool:
    """Whether `manager` may create, change or enrol `user` (one place for the rule)."""
    if not (getattr(manager, "is_authenticated", False) and manager.is_active) or manager.pk == user.pk:
        return False
    if user.role in NATIONAL_ROLES:
        return bool(
            manager.role in NATIONAL_ROLES
            and manager.manages_accounts
            and manager.member_state_id is not None
            and manager.member_state_id == user.member_state_id
        )
    if user.role in EU_ROLES:
        return manager.role == Role.COORDINATOR
    if user.role in SUPPLIER_ROLES:
        # Supplier users are invited by the authorities that hear them: a coordinator, or an
        # account manager of a member state (riskassess/hearings/services.py supplier_user_invite).
        return manager.role == Role.COORDINATOR or bool(manager.role in NATIONAL_ROLES and manager.manages_accounts)
    return False


def roles_managed_by(manager: Any) -> list[str]:
    if manager.role in NATIONAL_ROLES and manager.manages_accounts:
        return [str(r) for r in NATIONAL_ROLES]
    if manager.role == Role.COORDINATOR:
        return [str(r) for r in EU_ROLES]
    return []


def _require_authority(manager: Any, user: Any) -> None:
    if not account_authority_over(manager, user):
        raise PermissionDenied(_("Only the account's own authority can manage it."))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _site_url(request: Any) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


@transaction.atomic
def enrolment_link_issue(*, user: User, issued_by: Any = None, request: Any = None) -> str:
    """A new single-use link for `user` (older unused links stop working), e-mailed to the user's
    address. Returns the URL (shown to the issuer only on the command line). `issued_by` None: the
    command line; otherwise it must have authority over the user."""
    if issued_by is not None:
        _require_authority(issued_by, user)
    if not user.email:
        raise ApplicationError(
            _("This account has no e-mail address to send the link to."), errors={"email": [_("Enter an address.")]}
        )
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    key = secrets.token_urlsafe(32)
    EnrolmentLink.objects.create(
        user=user,
        key_hash=_hash(key),
        issued_by=issued_by if getattr(issued_by, "is_authenticated", False) else None,
        expires_at=now + timedelta(hours=settings.ENROLMENT_LINK_HOURS),
    )
    url = _site_url(request) + reverse("enrol", args=[key])
    hours = settings.ENROLMENT_LINK_HOURS
    # In the recipient's own language if they have one, else in the issuer's.
    with translation.override(user.language or translation.get_language()):
        body = _(
            "Hello %(name)s,\n\nAn account on riskassess is ready for you (user name: %(username)s).\n"
            "Open this link to choose your password and set up two-factor login. It works once and for "
            "%(hours)d hours:\n\n%(url)s\n\nIf you did not expect this message, ignore it."
        ) % {"name": user.get_full_name() or user.username, "username": user.username, "hours": hours, "url": url}
        subject = _("Your riskassess account")
    # Sent within the transaction: if the mail cannot be sent, no link (and no new account) is kept.
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    audit_log(
        action=AuditEvent.Action.CREATE,
        actor=issued_by,
        obj=user,
        summary=f"enrolment link issued for {user.username}",
        data={"enrolment": True},
        request=request,
    )
    return url


def enrolment_link_find(*, key: str) -> EnrolmentLink | None:
    """The usable link of `key` (unused, unexpired, active user), or None."""
    if not key or len(key) > 100:
        return None
    link = EnrolmentLink.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now() or not link.user.is_active:
        return None
    return link


def enrolment_device(*, link: EnrolmentLink) -> TOTPDevice:
    """The unconfirmed authenticator being set up through `link` (made once per link)."""
    device = TOTPDevice.objects.filter(user=link.user, confirmed=False, name=f"enrol-{link.pk}").first()
    if device is None:
        device = TOTPDevice.objects.create(user=link.user, name=f"enrol-{link.pk}", confirmed=False)
    return device


@transaction.atomic
def enrolment_complete(
    *, link: EnrolmentLink, password: str, code: str, request: Any = None
) -> tuple[TOTPDevice, list[str]]:
    """Sets the password, confirms the authenticator with a first code, makes recovery codes and
    uses up the link. Returns the device and the recovery codes (shown once)."""
    locked = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
    if locked.used_at is not None or locked.expires_at <= timezone.now():
        raise ApplicationError(_("This link was already used or has expired. Ask for a new one."), code="used")
    user = link.user
    errors: dict[str, list[str]] = {}
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    device = enrolment_device(link=link)
    if not device.verify_token(code):
        errors["token"] = [_("That code is not right. Enter the code your authenticator app shows now.")]
    if errors:
        raise ApplicationError(_("Your account is not set up yet."), errors=errors)
    user.set_password(password)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = "Authenticator app"
    device.save(update_fields=["confirmed", "name"])
    codes = recovery_codes_replace(user=user)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    audit_log(
        action=AuditEvent.Action.UPDATE,
        actor=user,
        obj=user,
        summary=f"{user.username} set a password and an authenticator app through an enrolment link",
        request=request,
    )
    return device, codes


def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes (django-otp static tokens, single use); the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _clean_text(value: str, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if control_characters(value):
        raise ApplicationError(
            _("Remove the control characters."), errors={field: [_("Remove the control characters.")]}
        )
    if len(value) > max_length:
        message = _("Use at most %(n)d characters.") % {"n": max_length}
        raise ApplicationError(message, errors={field: [message]})
    return value


@transaction.atomic
def account_create(
    *,
    manager: User,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    manages_accounts: bool = False,
    request: Any = None,
) -> User:
    """A new account under `manager`'s authority (same member state for national roles), with no
    usable password; an enrolment link goes to `email`."""
    if role not in roles_managed_by(manager):
        raise PermissionDenied(_("You cannot create accounts with this role."))
    username = _clean_text(username, "username", 150)
    email = _clean_text(email, "email", 254)
    if not username:
        raise ApplicationError(_("Enter a user name."), errors={"username": [_("Enter a user name.")]})
    if "@" not in email:
        raise ApplicationError(_("Enter an e-mail address."), errors={"email": [_("Enter an e-mail address.")]})
    if User.objects.filter(username__iexact=username).exists():
        message = _("This user name is taken.")
        raise ApplicationError(message, errors={"username": [message]})
    user = User(
        username=username,
        email=email,
        role=role,
        first_name=_clean_text(first_name, "first_name", 150),
        last_name=_clean_text(last_name, "last_name", 150),
        member_state_id=manager.member_state_id if role in NATIONAL_ROLES else None,
        manages_accounts=bool(manages_accounts and role in NATIONAL_ROLES),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(
        action=AuditEvent.Action.CREATE,
        actor=manager,
        obj=user,
        summary=f"account {username} ({role}) created",
        request=request,
    )
    enrolment_link_issue(user=user, issued_by=manager, request=request)
    return user


@transaction.atomic
def account_set_active(*, manager: User, user: User, active: bool, request: Any = None) -> User:
    _require_authority(manager, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])  # forgets the user's cached API tokens (api/signals.py)
        audit_log(
            action=AuditEvent.Action.UPDATE,
            actor=manager,
            obj=user,
            summary=f"account {user.username} {'reactivated' if active else 'deactivated'}",
            request=request,
        )
    return user


@transaction.atomic
def account_reset_second_factor(*, manager: Any, user: User, request: Any = None) -> str:
    """Removes the user's authenticator and recovery codes, refuses their existing API tokens
    (created before the reset) and sends a new enrolment link. `manager` None: the command line."""
    if manager is not None:
        _require_authority(manager, user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.otp_reset_at = timezone.now()
    user.save(update_fields=["otp_reset_at"])
    audit_log(
        action=AuditEvent.Action.UPDATE,
        actor=manager,
        obj=user,
        summary=f"second factor of {user.username} reset",
        request=request,
    )
    return enrolment_link_issue(user=user, issued_by=manager, request=request)


def user_set_language(*, user: User, language: str) -> User:
    """The user's own interface language ("" for the browser's). Refuses a code that is not one
    of settings.LANGUAGES."""
    if language and language not in dict(settings.LANGUAGES):
        raise ApplicationError(
            _("Choose one of the languages offered."), errors={"language": [_("Choose one of the languages offered.")]}
        )
    user.language = language
    user.save(update_fields=["language"])
    return user
