"""A rule set of the dimensions model is published only with an approval record (who, when, why),
shown in the admin; comparing two versions shows each changed rule with old and new values and rationale."""

from pathlib import Path

import pytest
from django.urls import reverse

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import TemplateVersion
from riskassess.questionnaires.template_versions import (
    template_version_diff,
    template_version_import,
    template_version_publish,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml"
NEW_TEXT = (TEMPLATES / "eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_it_refuses_to_publish_without_an_approval_record(db, eu_coordinator):
    draft = template_version_import(text=NEW_TEXT)

    for user, reason in [(None, "Validated"), (eu_coordinator, "  ")]:
        with pytest.raises(ApplicationError) as e:
            template_version_publish(template_version=draft, user=user, approval_reason=reason)
        assert e.value.code == "approval_required"
    assert not TemplateVersion.objects.get(pk=draft.pk).is_published


def test_it_keeps_who_when_and_why(dimensions_template_version, eu_coordinator):
    v = dimensions_template_version

    assert v.is_published
    assert v.approved_by == eu_coordinator
    assert v.approved_by_name == (eu_coordinator.get_full_name() or eu_coordinator.get_username())
    assert v.approved_at == v.published_at
    assert v.approval_reason.startswith("Validated with the NIS Cooperation Group")


def test_the_legacy_template_still_publishes_as_before(default_template_version):
    assert default_template_version.is_published
    assert default_template_version.approved_at is None


def test_the_admin_approves_and_publishes(client, db, eu_coordinator):
    draft = template_version_import(text=NEW_TEXT)
    client.force_login(eu_coordinator, backend=BACKEND)
    url = reverse("admin:questionnaires_templateversion_approve", args=[draft.pk])

    refused = client.post(url, {"approval_reason": ""})
    done = client.post(url, {"approval_reason": "Validated by the work stream on 4 Dec 2026."})

    assert refused.status_code == 200 and b"This field is required" in refused.content
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.approved_by == eu_coordinator
    page = client.get(reverse("admin:questionnaires_templateversion_change", args=[draft.pk])).content.decode()
    assert "Validated by the work stream on 4 Dec 2026." in page


def test_the_approve_page_is_for_coordinators_only(client, db, fr_regulator):
    draft = template_version_import(text=NEW_TEXT)
    client.force_login(fr_regulator, backend=BACKEND)

    response = client.get(reverse("admin:questionnaires_templateversion_approve", args=[draft.pk]))

    assert response.status_code in (302, 403, 404)
    assert not TemplateVersion.objects.get(pk=draft.pk).is_published


def test_comparing_versions_shows_each_changed_rule_with_old_new_and_rationale(
    default_template_version, client, eu_coordinator
):
    new = template_version_import(text=NEW_TEXT)

    changes = {(c["kind"], c["key"]): c for c in template_version_diff(old=default_template_version, new=new)}

    a4 = changes[("question", "A4")]
    assert a4["affects_score"]
    assert '"unknown": 70' in a4["old_value"] and '"unknown": 50' in a4["new_value"]
    assert a4["rationale"].startswith("Control by a third-country state")
    t5 = changes[("rule", "T5")]
    assert t5["rationale"].startswith("Core and MANO functions")
    assert ("rule", "T1") in changes and changes[("rule", "T1")]["change"] == "removed"
    client.force_login(eu_coordinator, backend=BACKEND)
    url = reverse("admin:questionnaires_templateversion_compare", args=[new.pk])
    page = client.get(f"{url}?old={default_template_version.pk}").content.decode()
    assert "Control by a third-country state" in page
    assert "Old value" in page and "New value" in page
