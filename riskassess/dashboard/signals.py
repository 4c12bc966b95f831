"""Receivers that make the dashboard cache stale on every change it reads from.

Bulk writes (bulk_create, update) send no signals: the services doing them should call
`dashboard_invalidate` themselves. Status changes made by a conditional UPDATE (submit, approve,
return) are caught anyway: a submission creates a Revision, and every decision writes an audit
event, both of which do send post_save.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from riskassess.audit.models import AuditEvent
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.questionnaires.models import Assessment, Campaign, Revision
from riskassess.scoring.models import Score
from riskassess.suppliers.models import Designation, Supplier

# An Assessment save that touches none of these (answer progress, version) changes no aggregate.
_ASSESSMENT_FIELDS = {"status", "current_revision", "campaign", "member_state", "supplier"}


@receiver([post_save, post_delete], sender=Score, dispatch_uid="dashboard_score_changed")
def score_changed(sender, instance: Score, **kwargs) -> None:
    if Score.assessment.is_cached(instance):
        campaign_id = instance.assessment.campaign_id
    else:
        campaign_id = _campaign_of_assessment(instance.assessment_id)
    dashboard_invalidate(campaign_id=campaign_id)


def _campaign_of_assessment(assessment_id) -> int | None:
    return Assessment.objects.filter(pk=assessment_id).values_list("campaign_id", flat=True).first()


@receiver(post_save, sender=Revision, dispatch_uid="dashboard_revision_created")
def revision_created(sender, instance: Revision, created: bool, **kwargs) -> None:
    if created:
        dashboard_invalidate(campaign_id=_campaign_of_assessment(instance.assessment_id))


# Audited actions that change what the dashboard shows of an assessment.
_ASSESSMENT_ACTIONS = {"submit", "approve", "return", "delete"}


@receiver(post_save, sender=AuditEvent, dispatch_uid="dashboard_assessment_decided")
def assessment_decided(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if created and instance.action in _ASSESSMENT_ACTIONS and instance.object_type == "questionnaires.assessment":
        campaign_id = _campaign_of_assessment(instance.object_id) if instance.object_id.isdigit() else None
        dashboard_invalidate(campaign_id=campaign_id)


@receiver([post_save, post_delete], sender=Assessment, dispatch_uid="dashboard_assessment_changed")
def assessment_changed(sender, instance: Assessment, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not (_ASSESSMENT_FIELDS & set(update_fields)):
        return
    dashboard_invalidate(campaign_id=instance.campaign_id)


@receiver([post_save, post_delete], sender=Designation, dispatch_uid="dashboard_designation_changed")
@receiver([post_save, post_delete], sender=Supplier, dispatch_uid="dashboard_supplier_changed")
@receiver([post_save, post_delete], sender=Campaign, dispatch_uid="dashboard_campaign_changed")
def register_changed(sender, **kwargs) -> None:
    # Designations are not tied to a campaign; suppliers and campaigns appear in every page.
    dashboard_invalidate(campaign_id=None)


@receiver(m2m_changed, sender=Designation.asset_classes.through, dispatch_uid="dashboard_designation_scope")
def designation_scope_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        dashboard_invalidate(campaign_id=None)
