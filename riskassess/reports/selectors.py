"""Reads for reports: who may see which report (the one access helper), which reports exist for an
object, and the fingerprint of the data a report would be made from.

Visibility (DESIGN.md section 1):
- regulator / approver: reports made for their member state (audience = its ISO code): assessment
  reports of its assessments and its member-state overview;
- EU coordinator: reports made for the EU audience (confidential designation details redacted):
  assessment reports of submitted assessments, member-state overviews, supplier profiles, EU report;
- observer: EU aggregates only: supplier profiles and the EU report.
Anything else is 404, never 403.
"""

import hashlib
import json
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import Assessment, Campaign, Revision, TemplateTranslation
from riskassess.questionnaires.selectors import assessment_access, assessments_visible_to
from riskassess.reports.models import AUDIENCE_EU, Report
from riskassess.reports.rendering import TEMPLATE_VERSION
from riskassess.scoring.models import Score
from riskassess.suppliers.models import Designation

Kind = Report.Kind


def audience_for(user) -> str:
    """The audience a user reads reports as: their member state's ISO code, or "eu"."""
    if getattr(user, "is_national", False) and user.member_state_id:
        return user.member_state.iso_code
    return AUDIENCE_EU


def reports_visible_to(user) -> QuerySet[Report]:
    qs = Report.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_national:
        own = (
            Q(kind=Kind.ASSESSMENT, assessment__member_state_id=user.member_state_id)
            | Q(kind=Kind.MEMBER_STATE, member_state_id=user.member_state_id)
            | Q(kind=Kind.HEARING, hearing__member_state_id=user.member_state_id)
        )
        return qs.filter(own, audience=audience_for(user))
    if user.is_coordinator:
        return qs.filter(audience=AUDIENCE_EU).filter(
            Q(kind=Kind.ASSESSMENT, assessment__in=assessments_visible_to(user))
            | Q(kind=Kind.HEARING, hearing__member_state__isnull=True)
            | ~Q(kind__in=[Kind.ASSESSMENT, Kind.HEARING])
        )
    if user.is_observer:
        return qs.filter(audience=AUDIENCE_EU, kind__in=[Kind.SUPPLIER, Kind.EU, Kind.TOOLBOX])
    return qs.none()


def report_get_for_user(*, user, pk) -> Report:
    """The report `pk` if `user` may see it, else 404."""
    return get_object_or_404(
        reports_visible_to(user).select_related("assessment", "member_state", "supplier", "campaign", "requested_by"),
        pk=pk,
    )


def reports_for(
    *,
    user,
    kind: str,
    assessment=None,
    member_state=None,
    supplier=None,
    campaign=None,
    hearing=None,
    limit: int = 10,
) -> list[Report]:
    """The latest reports of one object (for the report box), newest first, that `user` may see."""
    qs = reports_visible_to(user).filter(kind=kind)
    if assessment is not None:
        qs = qs.filter(assessment=assessment)
    if member_state is not None:
        qs = qs.filter(member_state=member_state)
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    if hearing is not None:
        qs = qs.filter(hearing=hearing)
    if campaign is not None and kind != Kind.ASSESSMENT:
        qs = qs.filter(campaign=campaign)
    return list(qs.select_related("requested_by").order_by("-created_at", "-id")[:limit])


def report_targets_for_user(
    *, kind: str, user, assessment=None, member_state=None, supplier=None, campaign=None, hearing=None
) -> dict:
    """The objects a report of `kind` is about, if `user` may have that report; else Http404 (or
    ApplicationError when something needed is missing). The one access check of reports:
    - assessment: the assessment's access helper (own member state, or coordinator once submitted);
    - member-state overview: users of that member state, or coordinators;
    - supplier EU profile and EU report: coordinators and observers."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such report.")
    if kind == Kind.ASSESSMENT:
        if assessment is None:
            raise ApplicationError(gettext("Choose an assessment."))
        assessment = assessment_access(user=user, pk=getattr(assessment, "pk", assessment)).assessment
        return {
            "assessment": assessment,
            "member_state": assessment.member_state,
            "supplier": assessment.supplier,
            "campaign": assessment.campaign,
        }
    if kind == Kind.HEARING:  # the record of a hearing: its authority only (riskassess.hearings)
        from riskassess.hearings.selectors import hearing_access

        if hearing is None:
            raise ApplicationError(gettext("Choose a hearing."))
        access = hearing_access(user=user, pk=getattr(hearing, "pk", hearing))
        if not access.authority:
            raise Http404("No such report.")
        return {"hearing": access.hearing, "supplier": access.hearing.supplier}
    if kind == Kind.TOOLBOX:  # EU matrix of the Toolbox measures (riskassess.networks)
        if not (user.is_coordinator or user.is_observer):
            raise Http404("No such report.")
        return {}
    if kind not in (Kind.MEMBER_STATE, Kind.SUPPLIER, Kind.EU):
        raise Http404("No such kind of report.")
    if kind == Kind.MEMBER_STATE:
        if member_state is None:
            raise ApplicationError(gettext("Choose a member state."))
        if not ((user.is_national and user.member_state_id == member_state.pk) or user.is_coordinator):
            raise Http404("No such report.")
    elif not (user.is_coordinator or user.is_observer):
        raise Http404("No such report.")
    elif kind == Kind.SUPPLIER and supplier is None:
        raise ApplicationError(gettext("Choose a supplier."))
    campaign = campaign or latest_campaign()
    if campaign is None:
        raise ApplicationError(gettext("There is no campaign to report on yet."))
    targets = {"campaign": campaign}
    if kind == Kind.MEMBER_STATE:
        targets["member_state"] = member_state
    if kind == Kind.SUPPLIER:
        targets["supplier"] = supplier
    return targets


def latest_campaign() -> Campaign | None:
    return Campaign.objects.exclude(status=Campaign.Status.PLANNED).order_by("-opens_on").first() or (
        Campaign.objects.order_by("-opens_on").first()
    )


def assessment_report_inputs(
    *, assessment: Assessment, score: Score | None = None
) -> tuple[Revision | None, Score | None]:
    """The frozen revision and the score an assessment report is made from: the given score's
    revision, else the current score's, else the latest revision (score still pending)."""
    if score is None:
        score = (
            Score.objects.filter(assessment=assessment, is_current=True).order_by("-id").first()
            or Score.objects.filter(assessment=assessment).order_by("-revision__number", "-id").first()
        )
    if score is not None:
        return Revision.objects.select_related("template_version").get(pk=score.revision_id), score
    revision = (
        Revision.objects.select_related("template_version").filter(assessment=assessment).order_by("-number").first()
    )
    return revision, None


def _digest(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def report_fingerprint(
    *,
    kind: str,
    tlp: str,
    audience: str,
    assessment: Any = None,
    score: Score | None = None,
    member_state: Any = None,
    supplier: Any = None,
    campaign: Any = None,
    hearing: Any = None,
    language: str = "en",
) -> str:
    """SHA-256 of what the report is made from: ids and update times of the stored data it reads,
    plus kind, TLP, audience, language, template version and rule-set version. Unchanged data,
    same value."""
    base = {"kind": kind, "tlp": tlp, "audience": audience, "templates": TEMPLATE_VERSION, "language": language}
    if kind == Kind.ASSESSMENT:
        revision, score = assessment_report_inputs(assessment=assessment, score=score)
        designation = (
            Designation.objects.filter(member_state_id=assessment.member_state_id, supplier_id=assessment.supplier_id)
            .values_list("id", "updated_at", "confidential")
            .first()
        )
        data = {
            "assessment": [assessment.pk, assessment.updated_at, assessment.status],
            "revision": revision.pk if revision else None,
            "rules": revision.template_version.rules_hash if revision else None,
            "score": [score.pk, score.computed_at] if score else None,
            "designation": designation,
            "supplier": assessment.supplier.updated_at,
            # the questionnaire's wording in the report's language (a corrected or reviewed translation)
            "wording": (
                TemplateTranslation.objects.filter(template_version_id=revision.template_version_id, language=language)
                .values_list("id", "updated_at")
                .first()
                if revision and language != "en"
                else None
            ),
        }
    elif kind == Kind.MEMBER_STATE:
        rows = list(
            Assessment.objects.filter(campaign=campaign, member_state=member_state)
            .order_by("id")
            .values_list("id", "updated_at", "status")
        )
        scores = list(
            Score.objects.filter(
                assessment__campaign=campaign, assessment__member_state=member_state, is_current=True
            ).values_list("id", flat=True)
        )
        designations = list(
            Designation.objects.filter(member_state=member_state).order_by("id").values_list("id", "updated_at")
        )
        data = {
            "member_state": member_state.pk,
            "campaign": [campaign.pk, campaign.updated_at],
            "assessments": rows,
            "scores": sorted(scores),
            "designations": designations,
        }
    elif kind == Kind.SUPPLIER:
        scores = list(
            Score.objects.filter(assessment__supplier=supplier, is_current=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        designations = list(
            Designation.objects.filter(supplier=supplier).order_by("id").values_list("id", "updated_at")
        )
        data = {
            "supplier": [supplier.pk, supplier.updated_at],
            "campaign": [campaign.pk, campaign.updated_at] if campaign else None,
            "scores": scores,
            "designations": designations,
        }
    elif kind == Kind.EU:
        # EU scale: aggregates, not rows (one query per table).
        data = {
            "campaign": [campaign.pk, campaign.updated_at],
            "campaigns": list(Campaign.objects.aggregate(n=Count("id"), at=Max("updated_at")).values()),
            "assessments": list(
                Assessment.objects.aggregate(n=Count("id"), at=Max("updated_at"), sub=Max("submitted_at")).values()
            ),
            "scores": list(
                Score.objects.filter(is_current=True).aggregate(n=Count("id"), top=Max("id"), ids=Sum("id")).values()
            ),
            "designations": list(Designation.objects.aggregate(n=Count("id"), at=Max("updated_at")).values()),
        }
    elif kind == Kind.HEARING:
        from riskassess.hearings.selectors import record_fingerprint_data

        data = {"hearing": record_fingerprint_data(hearing)}
    elif kind == Kind.TOOLBOX:
        from riskassess.networks.selectors import toolbox_fingerprint_data

        data = {"toolbox": toolbox_fingerprint_data()}
    else:
        raise ValueError(f"unknown report kind {kind!r}")
    return _digest({**base, "data": data})


def done_report(*, kind: str, fingerprint: str) -> Report | None:
    return Report.objects.filter(kind=kind, fingerprint=fingerprint, status=Report.Status.DONE).first()


def pending_report(*, kind: str, fingerprint: str) -> Report | None:
    return (
        Report.objects.filter(
            kind=kind, fingerprint=fingerprint, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]
        )
        .order_by("-id")
        .first()
    )
