"""factory_boy factories shared by the whole suite."""

import datetime as dt

import factory
from django.utils import timezone
from django.utils.text import slugify

from riskassess.accounts.models import MemberState, Role, User
from riskassess.questionnaires.definition import rules_hash
from riskassess.questionnaires.models import Assessment, Campaign, QuestionnaireTemplate, TemplateVersion
from riskassess.suppliers.models import AssetClass, Designation, Supplier

# A small but complete template: two scored sections, a condition, a repeat group of certificates,
# and one trigger. Tests that need the real questionnaire load the shipped YAML instead
# (see the `default_template_version` fixture in conftest.py).
SMALL_DEFINITION = {
    "format": "riskassess-template/1",
    "key": "small",
    "name": "Small test questionnaire",
    "version": "1",
    "description": "",
    "sections": [
        {
            "key": "A",
            "title": "Supplier profile",
            "description": "",
            "weight": 60,
            "questions": [
                {
                    "key": "A4",
                    "text": "Controlled by a third-country government?",
                    "help": "",
                    "source": "",
                    "type": "ynu",
                    "required": True,
                    "evidence": True,
                    "scoring": {"weight": 5, "points": {"yes": 100, "unknown": 70, "no": 0}},
                },
                {
                    "key": "A4a",
                    "text": "Which body?",
                    "help": "",
                    "source": "",
                    "type": "text",
                    "required": True,
                    "evidence": False,
                    "condition": {"question": "A4", "equals": "yes"},
                },
                {
                    "key": "A6",
                    "text": "EU data-protection agreement with the HQ country?",
                    "help": "",
                    "source": "",
                    "type": "yn",
                    "required": False,
                    "evidence": False,
                    "scoring": {"weight": 2, "points": {"no": 60, "yes": 0}},
                },
            ],
        },
        {
            "key": "B",
            "title": "Certification",
            "description": "",
            "weight": 40,
            "questions": [
                {
                    "key": "B1",
                    "text": "Certificates",
                    "help": "",
                    "source": "",
                    "type": "repeat",
                    "item_kind": "certificate",
                    "required": False,
                    "evidence": True,
                    "fields": [
                        {"key": "product", "label": "Product", "type": "text", "required": True},
                        {
                            "key": "asset_class",
                            "label": "Asset class",
                            "type": "choice",
                            "required": True,
                            "choices": [
                                {"value": "core_nf", "label": "Core"},
                                {"value": "ran_general", "label": "RAN"},
                            ],
                        },
                        {"key": "expiry_date", "label": "Expiry date", "type": "date", "required": True},
                        {
                            "key": "status",
                            "label": "Status",
                            "type": "choice",
                            "required": True,
                            "choices": [
                                {"value": "valid", "label": "Valid"},
                                {"value": "expired", "label": "Expired"},
                                {"value": "suspended", "label": "Suspended"},
                                {"value": "withdrawn", "label": "Withdrawn"},
                            ],
                        },
                        {"key": "covers_deployed", "label": "Covers deployed version", "type": "ynu", "required": True},
                    ],
                    "scoring": {"weight": 4, "certificates": {"valid_points": 0, "missing_points": 100}},
                },
                {
                    "key": "B6",
                    "text": "Days to patch critical vulnerabilities",
                    "help": "",
                    "source": "",
                    "type": "number",
                    "min": 0,
                    "max": 3650,
                    "unit": "days",
                    "required": True,
                    "evidence": False,
                    "scoring": {
                        "weight": 3,
                        "thresholds": [
                            {"max": 14, "points": 0},
                            {"max": 30, "points": 30},
                            {"max": 90, "points": 60},
                            {"points": 100},
                        ],
                    },
                },
            ],
        },
        {
            "key": "D",
            "title": "Designations",
            "description": "",
            "weight": 0,
            "questions": [
                {
                    "key": "D1",
                    "text": "Designated high-risk by your member state?",
                    "help": "",
                    "source": "",
                    "type": "choice",
                    "choices": [
                        {"value": "yes", "label": "Yes"},
                        {"value": "under_assessment", "label": "Under assessment"},
                        {"value": "no", "label": "No"},
                    ],
                    "required": True,
                    "evidence": True,
                },
            ],
        },
    ],
    "scoring": {
        "bands": [
            {"key": "low", "label": "Low", "min": 0},
            {"key": "moderate", "label": "Moderate", "min": 25},
            {"key": "elevated", "label": "Elevated", "min": 50},
            {"key": "high", "label": "High", "min": 75},
        ],
        "trigger_bands": [
            {"key": "critical", "label": "Critical"},
            {"key": "designated", "label": "Designated high-risk"},
        ],
        "evidence_rules": {"expiry_warning_days": 90, "max_validity_years": {"eucc": 5}, "test_max_age_months": 36},
        "triggers": [
            {
                "id": "T1",
                "label": "Designated high-risk by the reporting member state",
                "when": {"question": "D1", "equals": "yes"},
                "min_band": "designated",
            },
        ],
        "flags": [],
    },
}


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("iso_code",)

    iso_code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")
    eu_code = factory.LazyAttribute(lambda o: o.iso_code)
    name = factory.LazyAttribute(lambda o: f"State {o.iso_code}")
    authority_name = factory.LazyAttribute(lambda o: f"Authority of {o.name}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.eu")
    role = Role.REGULATOR
    member_state = factory.SubFactory(MemberStateFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class AssetClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetClass
        django_get_or_create = ("code",)

    code = "core_nf"
    name = "Core network functions"


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Supplier {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    hq_country = "SE"


class TemplateVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateVersion

    template = factory.LazyFunction(
        lambda: QuestionnaireTemplate.objects.get_or_create(key="small", defaults={"name": "Small"})[0]
    )
    version = factory.Sequence(lambda n: f"1.{n}")
    status = TemplateVersion.Status.PUBLISHED
    definition = factory.LazyFunction(lambda: SMALL_DEFINITION)
    rules_hash = factory.LazyAttribute(lambda o: rules_hash(o.definition))
    published_at = factory.LazyFunction(timezone.now)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    template_version = factory.SubFactory(TemplateVersionFactory)
    opens_on = factory.LazyFunction(lambda: timezone.now().date() - dt.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=60))
    status = Campaign.Status.OPEN


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    campaign = factory.SubFactory(CampaignFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    supplier = factory.SubFactory(SupplierFactory)


class DesignationFactory(factory.django.DjangoModelFactory):
    """A designation recorded through the register (riskassess.register.services.designation_record);
    the row returned is the derived `Designation`."""

    class Meta:
        model = Designation

    member_state = factory.SubFactory(MemberStateFactory)
    supplier = factory.SubFactory(SupplierFactory)
    status = "high_risk"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from riskassess.register.services import designation_record

        return designation_record(**kwargs)


def amend_designation(designation: Designation, **changes) -> Designation:
    """Change a designation the way the product does: a new version of its register record
    (`legal_instrument`, `confidential`, `phase_out` as {asset class: date}); returns the derived row."""
    from riskassess.register.models import LegalRecord
    from riskassess.register.services import record_amend

    record = LegalRecord.objects.get(
        authority_state_id=designation.member_state_id, supplier_id=designation.supplier_id, from_questionnaire=True
    )
    renamed = {"legal_instrument": "instrument", "phase_out": "deadlines"}
    record_amend(
        record=record, user=None, reason="Changed in a test", **{renamed.get(k, k): v for k, v in changes.items()}
    )
    designation.refresh_from_db()
    return designation
