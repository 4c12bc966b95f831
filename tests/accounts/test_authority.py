"""Accounts under the right authority: national accounts are managed only by an account manager
of their own member state; a coordinator cannot create, edit or take over a national account, nor
set its password, in the admin or elsewhere."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from riskassess.accounts.models import User
from riskassess.accounts.services import account_authority_over, account_create, account_set_active


@pytest.fixture
def fr_manager(fr_approver):
    fr_approver.manages_accounts = True
    fr_approver.email = "manager@arcep.example"
    fr_approver.save()
    return fr_approver


def test_a_coordinator_sees_no_national_account_in_the_admin(client, eu_coordinator, fr_regulator, observer):
    client.force_login(eu_coordinator)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert observer.username in body and fr_regulator.username not in body
    for name in ("admin:accounts_user_change", "admin:auth_user_password_change", "admin:accounts_user_delete"):
        try:
            url = reverse(name, args=[fr_regulator.pk])
        except Exception:  # noqa: S112  (the password URL has the app's own name)
            continue
        assert client.get(url).status_code in (302, 404)
        assert client.post(url, {"password1": "x", "password2": "x", "role": "regulator"}).status_code in (302, 404)
    password_url = reverse("admin:accounts_user_change", args=[fr_regulator.pk]).replace("change/", "password/")
    new = {"password1": "Str0ng passphrase!", "password2": "Str0ng passphrase!"}
    assert client.post(password_url, new).status_code == 404
    fr_regulator.refresh_from_db()
    assert fr_regulator.check_password("correct horse battery staple")


def test_a_coordinator_cannot_add_a_user_with_a_password_in_the_admin(client, eu_coordinator, france):
    client.force_login(eu_coordinator)
    data = {
        "username": "fake-regulator",
        "usable_password": "true",
        "password1": "a known passphrase 42",
        "password2": "a known passphrase 42",
        "role": "regulator",
        "member_state": france.pk,
        "email": "x@example.eu",
    }
    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302 and response.url == reverse("accounts")
    assert not User.objects.filter(username="fake-regulator").exists()


def test_a_coordinator_cannot_create_or_manage_national_accounts(client, eu_coordinator, fr_regulator):
    with pytest.raises(PermissionDenied):
        account_create(manager=eu_coordinator, username="x", email="x@example.eu", role="regulator")
    with pytest.raises(PermissionDenied):
        account_set_active(manager=eu_coordinator, user=fr_regulator, active=False)
    client.force_login(eu_coordinator)
    page = client.get(reverse("accounts"))
    assert page.status_code == 200 and fr_regulator.username not in page.content.decode()
    assert client.post(reverse("account-action", args=[fr_regulator.pk]), {"action": "reset"}).status_code == 404
    response = client.post(reverse("accounts"), {"username": "n", "email": "n@example.eu", "role": "regulator"})
    assert response.status_code == 400
    assert not User.objects.filter(username="n").exists()


def test_only_the_states_own_manager_manages_its_accounts(fr_manager, fr_regulator, de_regulator, de_approver):
    assert account_authority_over(fr_manager, fr_regulator)
    assert not account_authority_over(fr_manager, de_regulator)
    assert not account_authority_over(fr_regulator, fr_manager)  # not a manager
    de_approver.manages_accounts = True
    assert not account_authority_over(de_approver, fr_regulator)


def test_a_manager_creates_an_account_of_their_state_with_an_enrolment_link(client, fr_manager, mailoutbox):
    client.force_login(fr_manager)
    response = client.post(
        reverse("accounts"),
        {"username": "fr-new", "email": "new@arcep.example", "role": "regulator", "first_name": "Anne"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="fr-new")
    assert user.member_state_id == fr_manager.member_state_id and not user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["new@arcep.example"] and "/accounts/enrol/" in mail.body


def test_a_manager_cannot_create_an_eu_role(client, fr_manager):
    client.force_login(fr_manager)
    response = client.post(reverse("accounts"), {"username": "c", "email": "c@example.eu", "role": "coordinator"})
    assert response.status_code == 400
    assert not User.objects.filter(username="c").exists()


def test_a_manager_deactivates_an_account_of_another_state_never(client, fr_manager, de_regulator):
    client.force_login(fr_manager)
    assert client.post(reverse("account-action", args=[de_regulator.pk]), {"action": "deactivate"}).status_code == 404
    de_regulator.refresh_from_db()
    assert de_regulator.is_active


def test_regulators_without_the_flag_have_no_accounts_page(client, fr_regulator):
    client.force_login(fr_regulator)
    assert client.get(reverse("accounts")).status_code == 404
