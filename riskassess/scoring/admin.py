"""Scoring in the admin: runs and scores are read-only (they are written by the workers); the one
action re-scores whole campaigns."""

import logging

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from riskassess.confidentiality import REPORTED_STATUSES, score_band_for_eu, score_withheld_q
from riskassess.core.admin_site import ReadOnlyAdmin
from riskassess.questionnaires.models import Campaign
from riskassess.scoring.models import Score, ScoringRun

logger = logging.getLogger(__name__)


def _campaigns_of(queryset):
    model = queryset.model
    if model is Campaign:
        return queryset
    if model is Score:
        return Campaign.objects.filter(assessments__scores__in=queryset).distinct()
    if model is ScoringRun:
        return Campaign.objects.filter(assessments__revisions__scoring_runs__in=queryset).distinct()
    raise TypeError(f"cannot re-score from {model.__name__}")


@admin.action(description=_("Re-score campaign"))
def rescore_campaigns_action(modeladmin, request, queryset):
    """Re-score every latest revision of the selected campaigns (or of the campaigns of the
    selected scores or runs), in the background."""
    from riskassess.scoring.tasks import rescore_campaign

    for campaign in _campaigns_of(queryset):
        try:
            rescore_campaign.delay(campaign.pk)
        except Exception:  # the broker is unreachable: say so, nothing was changed
            logger.exception("could not queue the re-scoring of campaign %s", campaign.pk)
            modeladmin.message_user(
                request,
                _(
                    "Could not queue the re-scoring of %(campaign)s: the task queue is unreachable. "
                    "Try again later, or run: manage.py rescore_campaign %(slug)s"
                )
                % {"campaign": campaign, "slug": campaign.slug},
                level=messages.ERROR,
            )
        else:
            modeladmin.message_user(
                request, _("Re-scoring of %(campaign)s queued.") % {"campaign": campaign}, level=messages.SUCCESS
            )


class _ReadOnlyAdmin(ReadOnlyAdmin):
    """Coordinators view runs and scores; nobody adds, changes or deletes them here."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScoringRun)
class ScoringRunAdmin(_ReadOnlyAdmin):
    list_display = ("id", "revision", "status", "attempts", "rules_version", "queued_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("revision",)
    search_fields = ("task_id", "revision__assessment__supplier__name")
    actions = [rescore_campaigns_action]

    @admin.display(description=_("Rule set"))
    def rules_version(self, obj):
        return obj.rules_hash[:12]


@admin.register(Score)
class ScoreAdmin(_ReadOnlyAdmin):
    """Band and triggers as an EU-wide viewer may see them (riskassess.confidentiality): never the
    raw "designated" band or a trigger that rests on a confidential designation."""

    list_display = ("id", "assessment", "revision", "overall_display", "band_shown", "is_current", "rules_version")
    list_filter = ("is_current", "assessment__campaign")
    list_select_related = (
        "assessment__member_state",
        "assessment__supplier",
        "assessment__campaign",
        "revision__template_version",
    )
    search_fields = ("assessment__supplier__name",)
    actions = [rescore_campaigns_action]
    fields = (
        "assessment",
        "revision",
        "rules_hash",
        "engine_version",
        "overall",
        "band_shown",
        "triggers_shown",
        "confidence",
        "is_current",
        "computed_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # Drafts and returned assessments never leave their member state.
        return (
            super()
            .get_queryset(request)
            .filter(assessment__status__in=REPORTED_STATUSES)
            .annotate(register_confidential=score_withheld_q())
        )

    @admin.display(description=_("Band"))
    def band_shown(self, obj):
        return score_band_for_eu(obj, register_confidential=getattr(obj, "register_confidential", False))[0]

    @admin.display(description=_("Triggers fired"))
    def triggers_shown(self, obj):
        triggers = score_band_for_eu(obj, register_confidential=getattr(obj, "register_confidential", False))[1]
        return ", ".join(f"{t.get('id')} {t.get('label', '')}" for t in triggers) or "–"

    @admin.display(description=pgettext_lazy("score", "Overall"), ordering="overall")
    def overall_display(self, obj):
        return f"{obj.overall:.1f}"
