"""Demo data: reference data, the default questionnaire, two campaigns, demo users, national
designations and assessments in every lifecycle state. Idempotent: a second run changes nothing.

Designations follow public information where there is some (see DOMAIN notes in the docs) and are
otherwise fictitious; every demo record says so in its notes.
"""

import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from riskassess.accounts.models import MemberState, Role, User
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.demo.answers import demo_answers, profile_for_supplier
from riskassess.questionnaires import services as qs
from riskassess.questionnaires.models import Assessment, Campaign, Revision, TemplateVersion
from riskassess.questionnaires.template_versions import template_version_import
from riskassess.scoring.services import campaign_rescore
from riskassess.suppliers.models import Designation, Supplier
from riskassess.suppliers.services import reference_data_load

TEMPLATE_FILE = Path(__file__).resolve().parents[3] / "questionnaires" / "templates_yaml" / "eu-5g-supplier-2026.1.yaml"
# The open campaign uses the dimensions model (docs/scoring.md); the closed 2025 one keeps 2026.1.
CURRENT_TEMPLATE_FILE = TEMPLATE_FILE.with_name("eu-5g-supplier-2027.1.yaml")
DEMO_APPROVAL = "Demo approval: the rule set of the demo data, not validated with the authorities."

DEMO_NOTE = "Demo data: illustrative only, not a legal record."

# (member state, [suppliers assessed]) in the current campaign.
ASSESSED: dict[str, tuple[str, ...]] = {
    "FR": ("Huawei", "ZTE", "Ericsson", "Nokia", "Samsung"),
    "DE": ("Huawei", "ZTE", "Ericsson", "Nokia", "Samsung", "Mavenir"),
    "IT": ("Huawei", "Ericsson", "Nokia", "Cisco"),
    "ES": ("Huawei", "ZTE", "Ericsson", "Nokia"),
    "NL": ("Huawei", "ZTE", "Ericsson", "Nokia", "NEC"),
    "SE": ("Huawei", "ZTE", "Ericsson", "Nokia"),
    "PL": ("Huawei", "ZTE", "Ericsson", "Nokia", "Samsung"),
    "RO": ("Huawei", "ZTE", "Ericsson", "Nokia"),
    "EE": ("Huawei", "Ericsson", "Nokia"),
    "PT": ("Huawei", "ZTE", "Ericsson", "Nokia", "Samsung"),
}
# Fixed lifecycle states for the two personas' states; the others are drawn per assessment.
FIXED_STATUS = {
    ("FR", "Huawei"): "submitted",
    ("FR", "ZTE"): "approved",
    ("FR", "Ericsson"): "returned",
    ("FR", "Nokia"): "draft",
    ("FR", "Samsung"): "approved",
    ("DE", "Huawei"): "approved",
    ("DE", "ZTE"): "approved",
    ("DE", "Ericsson"): "submitted",
    ("DE", "Nokia"): "approved",
    ("DE", "Samsung"): "draft",
    ("DE", "Mavenir"): "returned",
}
# The previous campaign (closed, all approved) for trends.
PREVIOUS: dict[str, tuple[str, ...]] = {
    "FR": ("Huawei", "ZTE", "Ericsson", "Nokia"),
    "DE": ("Huawei", "ZTE", "Ericsson", "Nokia"),
    "SE": ("Huawei", "Ericsson", "Nokia"),
    "PL": ("Huawei", "ZTE", "Nokia"),
    "RO": ("Huawei", "Ericsson"),
    "PT": ("Huawei", "Nokia"),
}

# National designations: (state, supplier) -> details.
_HR_DE = {
    "legal_instrument": "Prohibition order under §41 BSIG (demo reference)",
    "decided_on": "2025-12-15",
    "asset_classes": ["core_nf", "oss_nms_aaa"],
    "phase_out": {"core_nf": "2026-12-31", "oss_nms_aaa": "2029-12-31"},
}
DESIGNATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("DE", "Huawei"): {"status": "high_risk", **_HR_DE},
    ("DE", "ZTE"): {"status": "high_risk", **_HR_DE},
    ("EE", "Huawei"): {
        "status": "high_risk",
        "legal_instrument": "Electronic Communications Act amendment of 2021 (demo reference)",
        "decided_on": "2022-02-01",
        "asset_classes": ["core_nf", "ran_general", "ran_sensitive_area"],
        "phase_out": {"core_nf": "2025-12-31", "ran_general": "2029-12-31"},
        "appeal_status": "Preliminary reference to the Court of Justice (demo summary)",
    },
    ("EE", "ZTE"): {
        "status": "high_risk",
        "legal_instrument": "Electronic Communications Act amendment of 2021 (demo reference)",
        "decided_on": "2022-02-01",
        "asset_classes": ["core_nf", "ran_general", "ran_sensitive_area"],
        "phase_out": {"core_nf": "2025-12-31", "ran_general": "2029-12-31"},
    },
    ("SE", "Huawei"): {
        "status": "high_risk",
        "legal_instrument": "PTS spectrum auction conditions, October 2020 (demo reference)",
        "decided_on": "2020-10-20",
        "asset_classes": ["core_nf", "ran_general", "ran_sensitive_area", "transport"],
        "phase_out": {"core_nf": "2025-01-01", "ran_general": "2025-01-01"},
        "appeal_status": "Upheld in court",
    },
    ("SE", "ZTE"): {
        "status": "high_risk",
        "legal_instrument": "PTS spectrum auction conditions, October 2020 (demo reference)",
        "decided_on": "2020-10-20",
        "asset_classes": ["core_nf", "ran_general", "ran_sensitive_area", "transport"],
        "phase_out": {"core_nf": "2025-01-01", "ran_general": "2025-01-01"},
    },
    ("LT", "Huawei"): {
        "status": "high_risk",
        "legal_instrument": "Act of the Seimas (demo reference)",
        "decided_on": "2022-06-01",
    },
    ("LT", "ZTE"): {
        "status": "high_risk",
        "legal_instrument": "Act of the Seimas (demo reference)",
        "decided_on": "2022-06-01",
    },
    ("RO", "Huawei"): {
        "status": "high_risk",
        "legal_instrument": "Law on 5G network security (demo reference)",
        "decided_on": "2021-06-01",
        "asset_classes": ["core_nf", "ran_general"],
    },
    ("RO", "ZTE"): {
        "status": "high_risk",
        "legal_instrument": "Law on 5G network security (demo reference)",
        "decided_on": "2021-06-01",
        "asset_classes": ["core_nf", "ran_general"],
    },
    ("PL", "Huawei"): {
        "status": "high_risk",
        "legal_instrument": "National cybersecurity system act (demo reference)",
        "decided_on": "2025-03-01",
        "asset_classes": ["core_nf", "oss_nms_aaa", "ran_sensitive_area"],
    },
    ("PL", "ZTE"): {
        "status": "high_risk",
        "legal_instrument": "National cybersecurity system act (demo reference)",
        "decided_on": "2025-03-01",
        "asset_classes": ["core_nf", "oss_nms_aaa", "ran_sensitive_area"],
    },
    ("NL", "Huawei"): {
        "status": "high_risk",
        "confidential": True,
        "legal_instrument": "Fictitious confidential decision (demo data: no such decision is known)",
        "decided_on": "2024-05-15",
        "asset_classes": ["core_nf"],
    },
    ("BE", "ZTE"): {
        "status": "high_risk",
        "confidential": True,
        "legal_instrument": "Fictitious confidential decision (demo data: no such decision is known)",
        "decided_on": "2023-11-01",
        "asset_classes": ["core_nf", "security_functions"],
    },
    ("FR", "Huawei"): {
        "status": "restricted",
        "legal_instrument": "Authorisations of limited duration under CPCE L34-11 (demo summary)",
        "decided_on": "2020-07-01",
        "asset_classes": ["ran_sensitive_area"],
    },
    ("IT", "Huawei"): {
        "status": "restricted",
        "legal_instrument": "Golden power decision on a core network contract (demo summary)",
        "decided_on": "2020-10-23",
        "asset_classes": ["core_nf"],
    },
    ("PT", "Huawei"): {
        "status": "under_assessment",
        "legal_instrument": "CSSC Deliberation 1/2023 (demo summary)",
        "decided_on": "2023-05-23",
        "appeal_status": "Action brought by the supplier (demo summary)",
    },
    ("ES", "ZTE"): {"status": "under_assessment"},
}

_RETURN_COMMENT = "Please attach the certificates listed in B1 and check the expiry dates before resubmitting."
_APPROVE_COMMENT = "Checked against the evidence on file."


class Command(BaseCommand):
    help = "Load demo data (idempotent): reference data, questionnaire, campaigns, users, designations, assessments."

    def handle(self, *args, **options):
        today = timezone.localdate()
        counts = reference_data_load()
        # Each version with its translations (the files beside it, docs/translations.md).
        legacy = template_version_import(
            text=TEMPLATE_FILE.read_text(encoding="utf-8"), publish=True, shipped_translations=True
        )
        users = self._users()
        version = template_version_import(
            text=CURRENT_TEMPLATE_FILE.read_text(encoding="utf-8"),
            publish=True,
            user=users["coordinator"],
            approval_reason=DEMO_APPROVAL,
            shipped_translations=True,
        )
        current = self._campaign(
            "2026 annual",
            "2026-annual",
            version,
            opens_on=today - dt.timedelta(days=21),
            deadline=today + dt.timedelta(days=42),
        )
        previous = self._campaign(
            "2025 annual",
            "2025-annual",
            legacy,
            opens_on=today - dt.timedelta(days=365 + 30),
            deadline=today - dt.timedelta(days=365 - 45),
        )
        self._designations()

        created_current = self._assessments(current, ASSESSED, users, today)
        created_previous = 0
        if previous.status != Campaign.Status.CLOSED:
            created_previous = self._assessments(
                previous, PREVIOUS, users, previous.opens_on + dt.timedelta(days=40), all_approved=True
            )
            self._backdate(previous)
            Campaign.objects.filter(pk=previous.pk).update(status=Campaign.Status.CLOSED)
            previous.refresh_from_db()

        scored = self._rescore([c for c, n in ((current, created_current), (previous, created_previous)) if n])
        self._hearing(current, users, today)
        dashboard_invalidate()  # the rows above were written directly, not through the services

        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"  Reference data: {counts['member_states']} member states, {counts['suppliers']} suppliers, "
            f"{counts['asset_classes']} asset classes"
        )
        for v in (version, legacy):
            self.stdout.write(f"  Template: {v.template.key} {v.version} (rule set {v.rules_version})")
        for campaign in (current, previous):
            by_status = {
                s: Assessment.objects.filter(campaign=campaign, status=s).count() for s, _ in Assessment.Status.choices
            }
            summary = ", ".join(f"{n} {s}" for s, n in by_status.items() if n)
            self.stdout.write(
                f"  Campaign {campaign.name} ({campaign.status}, deadline {campaign.deadline}): {summary}"
            )
        self.stdout.write(f"  Designations: {Designation.objects.exclude(status='none').count()} in the register")
        if not (created_current or created_previous):
            self.stdout.write("  Scores: unchanged (no new submissions)")
        else:
            self.stdout.write(f"  Scores: {scored} assessments scored")
        self.stdout.write(
            f"  Logins (password {settings.DEMO_PASSWORD}): regulator-fr, approver-fr, regulator-de, approver-de, "
            "coordinator, observer, supplier-zte (the supplier portal); also regulator-<xx> and approver-<xx> for "
            + ", ".join(iso.lower() for iso in sorted(set(ASSESSED) | set(PREVIOUS)) if iso not in ("FR", "DE"))
        )

    # -- users ---------------------------------------------------------------------------------

    def _user(self, username: str, role: str, state: MemberState | None, first: str, last: str, password: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=role,
                member_state=state,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.riskassess.eu",
            )
            user.password = password  # hashed once for all demo users (hashing is slow on purpose)
            user.full_clean()
            user.save()
        return user

    def _users(self) -> dict[str, User]:
        users: dict[str, User] = {}
        password = make_password(settings.DEMO_PASSWORD)
        states = {s.iso_code: s for s in MemberState.objects.all()}
        for iso in sorted(set(ASSESSED) | set(PREVIOUS)):
            name = states[iso].name
            for role in (Role.REGULATOR, Role.APPROVER):
                username = f"{role.value}-{iso.lower()}"
                users[username] = self._user(username, role, states[iso], name, str(role.label), password)
        users["coordinator"] = self._user("coordinator", Role.COORDINATOR, None, "EU", "Coordinator", password)
        users["observer"] = self._user("observer", Role.OBSERVER, None, "EU", "Observer", password)
        users["supplier-zte"] = self._supplier_user("supplier-zte", "ZTE", password)
        return users

    def _supplier_user(self, username: str, supplier_name: str, password: str) -> User:
        """A user of one supplier (the supplier portal: its hearings and statements only)."""
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=Role.SUPPLIER,
                supplier=Supplier.objects.get(name=supplier_name),
                first_name=supplier_name,
                last_name="Security Office",
                email=f"{username}@demo.riskassess.eu",
            )
            user.password = password
            user.full_clean()
            user.save()
        return user

    # -- a hearing -----------------------------------------------------------------------------

    def _hearing(self, campaign: Campaign, users: dict[str, User], today: dt.date) -> None:
        """One open hearing of France on ZTE (the supplier portal's demo), with a disclosed document."""
        from riskassess.hearings.models import Hearing
        from riskassess.hearings.services import hearing_open

        supplier = Supplier.objects.get(name="ZTE")
        if Hearing.objects.filter(supplier=supplier, member_state__iso_code="FR").exists():
            return
        assessment = Assessment.objects.filter(
            campaign=campaign, member_state__iso_code="FR", supplier=supplier
        ).first()
        hearing_open(
            user=users["regulator-fr"],
            supplier=supplier,
            subject="Restriction of ZTE equipment in the 5G core (demo, fictitious)",
            grounds=(
                "France considers restricting the use of ZTE equipment in the 5G core networks. Before "
                "deciding, ANSSI hears the supplier on its risk profile and on the points of the national "
                "assessment that remain to be clarified. This procedure is fictitious demo data."
            ),
            deadline=today + dt.timedelta(days=14),
            documents=[
                {
                    "title": "Extract of the national risk assessment (demo)",
                    "summary": "Findings on ownership, control and the law of the headquarters country.",
                    "tlp": "TLP:AMBER",
                    "withheld": "the operators' network plans",
                    "withheld_reason": "commercial secrets of the operators",
                }
            ],
            source_assessment=assessment,
        )

    # -- campaigns and designations ------------------------------------------------------------

    def _campaign(self, name: str, slug: str, version: TemplateVersion, *, opens_on, deadline) -> Campaign:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            campaign = Campaign(
                name=name,
                slug=slug,
                template_version=version,
                opens_on=opens_on,
                deadline=deadline,
                status=Campaign.Status.OPEN,
            )
            campaign.full_clean()
            campaign.save()
        return campaign

    @transaction.atomic
    def _designations(self) -> None:
        from riskassess.register.services import designation_record

        states = {s.iso_code: s for s in MemberState.objects.all()}
        suppliers = {s.name: s for s in Supplier.objects.all()}
        for (iso, name), spec in DESIGNATIONS.items():
            if Designation.objects.filter(member_state=states[iso], supplier=suppliers[name]).exists():
                continue
            spec = dict(spec)
            classes = spec.pop("asset_classes", [])
            designation_record(
                member_state=states[iso],
                supplier=suppliers[name],
                notes=DEMO_NOTE,
                asset_classes=classes,
                reason="Demo data",
                **spec,
            )

    # -- assessments ---------------------------------------------------------------------------

    def _overrides(self, iso: str, supplier: Supplier, definition: dict[str, Any]) -> dict[str, Any]:
        """Section D answers consistent with the register (D1 of 2026.1: yes / under assessment / no;
        of 2027.1: designated / restricted / under assessment / none)."""
        d1 = next(q for s in definition["sections"] for q in s["questions"] if q["key"] == "D1")
        legal_status = any(c["value"] == "designated" for c in d1.get("choices", []))
        spec = DESIGNATIONS.get((iso, supplier.name))
        if spec is None:
            # No designation in the register: never invent one through an approval.
            return {"D1": "none" if legal_status else "no"}
        if spec["status"] == "high_risk" or (legal_status and spec["status"] == "restricted"):
            answer = ("designated" if spec["status"] == "high_risk" else "restricted") if legal_status else "yes"
            out: dict[str, Any] = {"D1": answer, "D1c": "yes" if spec.get("confidential") else "no"}
            if legal_status:
                out["D1d"] = ["g5"]
            if spec.get("legal_instrument"):
                out["D1a"] = spec["legal_instrument"]
            if spec.get("decided_on"):
                out["D1b"] = spec["decided_on"]
            if spec.get("asset_classes"):
                out["D2"] = spec["asset_classes"]
            if spec.get("phase_out"):
                out["D3"] = [{"asset_class": k, "date": v} for k, v in spec["phase_out"].items()]
            return out
        return {"D1": "under_assessment"}

    def _status_for(self, iso: str, supplier: Supplier, rng: random.Random, all_approved: bool) -> str:
        status = "approved" if all_approved else FIXED_STATUS.get((iso, supplier.name))
        status = status or rng.choice(
            ("draft", "submitted", "submitted", "returned", "approved", "approved", "approved")
        )
        # Approval writes the register from section D, which has no answer for "restricted": keep
        # those assessments submitted so the register entry stays as it is.
        if status == "approved" and DESIGNATIONS.get((iso, supplier.name), {}).get("status") == "restricted":
            status = "submitted"
        return status

    def _assessments(
        self, campaign: Campaign, plan: dict[str, tuple[str, ...]], users, assessment_date, *, all_approved=False
    ) -> int:
        definition = campaign.template_version.definition
        states = {s.iso_code: s for s in MemberState.objects.all()}
        suppliers = {s.name: s for s in Supplier.objects.all()}
        created = 0
        for iso, names in plan.items():
            regulator, approver = users[f"regulator-{iso.lower()}"], users[f"approver-{iso.lower()}"]
            for name in names:
                supplier = suppliers[name]
                if Assessment.objects.filter(campaign=campaign, member_state=states[iso], supplier=supplier).exists():
                    continue
                rng = random.Random(f"{campaign.slug}:{iso}:{supplier.slug}")
                status = self._status_for(iso, supplier, rng, all_approved)
                answers = demo_answers(
                    definition=definition,
                    profile=profile_for_supplier(supplier),
                    rng=rng,
                    assessment_date=assessment_date,
                    overrides=self._overrides(iso, supplier, definition),
                )
                if status == "draft":
                    keys = list(answers)
                    answers = {k: answers[k] for k in keys[: int(len(keys) * rng.uniform(0.3, 0.8))]}
                with transaction.atomic():
                    assessment = qs.assessment_create(
                        campaign=campaign, member_state=states[iso], supplier=supplier, user=regulator
                    )
                    assessment = qs.answers_save(
                        assessment=assessment, user=regulator, values=answers, expected_version=assessment.version
                    )
                    if status != "draft":
                        qs.assessment_submit(assessment=assessment, user=regulator)
                        assessment.refresh_from_db()
                    if status == "approved":
                        qs.assessment_approve(assessment=assessment, user=approver, comment=_APPROVE_COMMENT)
                    elif status == "returned":
                        qs.assessment_return(assessment=assessment, user=approver, comment=_RETURN_COMMENT)
                created += 1
        return created

    def _backdate(self, campaign: Campaign) -> None:
        """The previous campaign's submissions happened during it, a year ago."""
        for i, assessment in enumerate(Assessment.objects.filter(campaign=campaign).order_by("pk")):
            day = campaign.opens_on + dt.timedelta(days=10 + i % 40)
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
            Revision.objects.filter(assessment=assessment).update(submitted_at=when, assessment_date=day)
            Assessment.objects.filter(pk=assessment.pk).update(
                submitted_at=when, decided_at=when + dt.timedelta(days=3) if assessment.decided_at else None
            )

    def _rescore(self, campaigns: list[Campaign]) -> int:
        """Score now, without waiting for a worker."""
        return sum(campaign_rescore(campaign=c) for c in campaigns)
