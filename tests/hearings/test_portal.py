"""The supplier portal: a supplier user sees its own hearings and statements, answers through the
page, is sent from the home page to its portal, is invited by a single-use link and passes the
second factor like every role."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.accounts.middleware import otp_required_for
from riskassess.accounts.models import EnrolmentLink, User
from riskassess.hearings import services


def test_the_home_page_sends_a_supplier_user_to_its_portal(client, supplier_user):
    client.force_login(supplier_user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("supplier:home")


def test_the_portal_lists_its_own_hearings_only(client, fr_hearing, supplier_user, other_supplier_user):
    client.force_login(supplier_user)
    page = client.get(reverse("supplier:home")).content.decode()
    assert "Control by a foreign state" in page and "ANSSI" in page
    client.force_login(other_supplier_user)
    page = client.get(reverse("supplier:home")).content.decode()
    assert "Control by a foreign state" not in page


def test_the_supplier_answers_through_the_portal(client, fr_hearing, supplier_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(supplier_user)
    page = client.get(reverse("supplier:hearing", args=[fr_hearing.pk])).content.decode()
    assert "the names of the operators" in page and "commercial secrets of third parties" in page
    response = client.post(
        reverse("supplier:answer", args=[fr_hearing.pk]),
        {"statement": "We are owned by our employees.", "file": SimpleUploadedFile("r.pdf", b"%PDF-1.7\n%%EOF\n")},
    )
    assert response.status_code == 302
    answer = fr_hearing.answers.get()
    assert answer.statement == "We are owned by our employees." and answer.original_name == "r.pdf"
    assert client.get(reverse("supplier:answer_file", args=[answer.pk])).status_code == 200


def test_the_portal_never_shows_the_internal_record(client, fr_hearing, supplier_user, fr_assessment):
    fr_hearing.source_assessment = fr_assessment
    fr_hearing.save()
    client.force_login(supplier_user)
    page = client.get(reverse("supplier:hearing", args=[fr_hearing.pk])).content.decode()
    assert reverse("questionnaires:overview", args=[fr_assessment.pk]) not in page
    assert "fr-regulator" not in page  # who opened it inside the authority stays inside


def test_statements_are_added_and_withdrawn_in_the_portal(client, supplier_user):
    client.force_login(supplier_user)
    client.post(reverse("supplier:statements"), {"topic": "support", "text": "Support centres in Espoo and Tallinn"})
    statement = supplier_user.supplier.statements.get()
    assert "Espoo" in client.get(reverse("supplier:statements")).content.decode()
    client.post(reverse("supplier:statement_delete", args=[statement.pk]))
    assert not supplier_user.supplier.statements.exists()


def test_a_supplier_user_is_invited_by_a_single_use_link(eu_coordinator, supplier, mailoutbox):
    user = services.supplier_user_invite(
        manager=eu_coordinator, supplier=supplier, username="nordic-2", email="security@nordic.example"
    )
    assert (user.role, user.supplier, user.member_state, user.has_usable_password()) == (
        "supplier",
        supplier,
        None,
        False,
    )
    link = EnrolmentLink.objects.get(user=user)
    assert link.used_at is None and link.expires_at > link.created_at
    (mail,) = mailoutbox
    assert mail.to == ["security@nordic.example"] and "/accounts/enrol/" in mail.body
    assert otp_required_for(user)


def test_a_regulator_who_manages_no_accounts_cannot_invite(fr_regulator, supplier):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.supplier_user_invite(manager=fr_regulator, supplier=supplier, username="x", email="x@example.eu")
    assert not User.objects.filter(username="x").exists()
