"""Member states, users and their membership (one member state and one role per user)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberState(models.Model):
    """One of the 27 EU member states. ISO code is stored; the EU code is displayed (EL for Greece)."""

    iso_code = models.CharField(max_length=2, unique=True)
    eu_code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=64)
    authority_name = models.CharField(max_length=200, blank=True)
    protocol_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["protocol_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.eu_code})"


class Role(models.TextChoices):
    REGULATOR = "regulator", _("Regulator")
    APPROVER = "approver", _("Approver")
    COORDINATOR = "coordinator", _("EU coordinator")
    OBSERVER = "observer", _("Observer")
    SUPPLIER = "supplier", _("Supplier")


NATIONAL_ROLES = (Role.REGULATOR, Role.APPROVER)
EU_ROLES = (Role.COORDINATOR, Role.OBSERVER)
# Staff of one supplier (riskassess/hearings): its own hearings and factual statements, nothing else.
SUPPLIER_ROLES = (Role.SUPPLIER,)


class User(AbstractUser):
    """A person. Their membership is (member_state, role): national roles belong to exactly one
    member state; EU roles (coordinator, observer) to none; supplier users to one supplier and no
    member state."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REGULATOR)
    member_state = models.ForeignKey(MemberState, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    # A national user who manages the accounts of their own member state (riskassess/accounts/
    # services.py): creates them, deactivates them, issues enrolment links, resets second factors.
    # Nobody else does: not coordinators, not another state. Set by another manager of the same
    # state, or on the command line (`manage.py account_manager`).
    manages_accounts = models.BooleanField(default=False)
    # The supplier a supplier user speaks for (role "supplier" only).
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT, related_name="portal_users"
    )
    # When the second factor was last reset: API tokens created before it no longer work.
    otp_reset_at = models.DateTimeField(null=True, blank=True)
    # The interface language the user chose on their account page or in the language switcher;
    # blank: the browser's (Accept-Language). It wins over the browser and the cookie
    # (UserLanguageMiddleware, docs/translations.md).
    language = models.CharField(_("language"), max_length=8, blank=True, default="", choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="national_roles_have_a_member_state",
                condition=(
                    models.Q(role__in=["regulator", "approver"], member_state__isnull=False)
                    | models.Q(role__in=["coordinator", "observer", "supplier"], member_state__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="supplier_users_have_a_supplier",
                condition=models.Q(role="supplier", supplier__isnull=False)
                | (~models.Q(role="supplier") & models.Q(supplier__isnull=True)),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role in NATIONAL_ROLES and self.member_state_id is None:
            raise ValidationError({"member_state": _("Regulators and approvers belong to one member state.")})
        if self.role in EU_ROLES and self.member_state_id is not None:
            raise ValidationError({"member_state": _("EU coordinators and observers belong to no member state.")})
        if self.role in SUPPLIER_ROLES and (self.supplier_id is None or self.member_state_id is not None):
            raise ValidationError({"supplier": _("Supplier users belong to one supplier and no member state.")})
        if self.role not in SUPPLIER_ROLES and self.supplier_id is not None:
            raise ValidationError({"supplier": _("Only supplier users belong to a supplier.")})

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_observer(self) -> bool:
        return self.role == Role.OBSERVER

    @property
    def is_supplier(self) -> bool:
        return self.role == Role.SUPPLIER

    @property
    def is_approver(self) -> bool:
        return self.role == Role.APPROVER

    @property
    def is_regulator(self) -> bool:
        return self.role == Role.REGULATOR


class EnrolmentLink(models.Model):
    """A single-use, expiring link that lets one person set their password and their authenticator
    app. Issued by the account's own authority (an account manager of its member state; for EU
    users, a coordinator; or the command line), sent to the account's e-mail address. Only the
    SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    key_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"enrolment link for {self.user}"
