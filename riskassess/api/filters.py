"""django-filter filter sets of the v1 API (query parameters of the list endpoints).

Related objects are filtered by id with plain number filters: an unknown id gives an empty list,
not an error (the client may not know which ids exist)."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from riskassess.questionnaires.models import Assessment, Campaign, TemplateVersion
from riskassess.reports.models import Report
from riskassess.suppliers.models import Supplier


@extend_schema_field(OpenApiTypes.INT)  # the server takes integers only: say so (not "number")
class IdFilter(django_filters.NumberFilter):
    """An integer id; one that cannot exist (0, negative, past 64 bits) matches nothing."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value is not None and not 0 < value < 2**63:
            return qs.none()
        return super().filter(qs, value)


def _id(field: str, what: str) -> IdFilter:
    return IdFilter(field_name=field, help_text=f"Only those of this {what} (id).")


class SupplierFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    hq_country = django_filters.CharFilter(field_name="hq_country", help_text="ISO 3166-1 alpha-2 code.")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Supplier
        fields = ["name", "hq_country", "is_active"]


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices)
    template_version = _id("template_version_id", "template version")

    class Meta:
        model = Campaign
        fields = ["status", "template_version"]


class TemplateVersionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TemplateVersion.Status.choices)
    template = django_filters.CharFilter(field_name="template__key", help_text="Key of the template.")

    class Meta:
        model = TemplateVersion
        fields = ["status", "template"]


class AssessmentFilter(django_filters.FilterSet):
    campaign = _id("campaign_id", "campaign")
    supplier = _id("supplier_id", "supplier")
    member_state = django_filters.CharFilter(
        field_name="member_state__eu_code", help_text="EU code of the member state, e.g. FR or EL."
    )
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["campaign", "member_state", "supplier", "status"]


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Report.Status.choices)
    assessment = _id("assessment_id", "assessment")
    campaign = _id("campaign_id", "campaign")
    supplier = _id("supplier_id", "supplier")
    member_state = _id("member_state_id", "member state")

    class Meta:
        model = Report
        fields = ["kind", "status", "assessment", "campaign", "supplier", "member_state"]
