"""Carry every designation row over into the register: one legal record of its member state (the
one section D of the questionnaire writes) with a first version equal to the row."""

from django.db import migrations

_STATUS = {
    "high_risk": ("designation", "in_force"),
    "restricted": ("restriction", "in_force"),
    "under_assessment": ("designation", "under_assessment"),
    "none": ("designation", "none"),
}


def forwards(apps, schema_editor):
    Designation = apps.get_model("suppliers", "Designation")
    LegalRecord = apps.get_model("register", "LegalRecord")
    RecordVersion = apps.get_model("register", "RecordVersion")
    for designation in Designation.objects.order_by("pk").iterator():
        kind, state = _STATUS.get(designation.status, ("designation", "none"))
        listed = set(designation.asset_classes.values_list("code", flat=True))
        phase_out = designation.phase_out if isinstance(designation.phase_out, dict) else {}
        scopes = {}
        for code in listed:
            scopes[code] = {"asset_class": code, "technology": "", "listed": True}
        for code, when in phase_out.items():
            key = "" if code == "all" else str(code)
            scopes.setdefault(key, {"asset_class": key, "technology": "", "listed": False})
            scopes[key]["phase_out_deadline"] = str(when)[:10] if when else None
        for scope in scopes.values():
            scope.setdefault("transition_deadline", None)
            scope.setdefault("phase_out_deadline", None)
        record = LegalRecord.objects.create(
            authority_state_id=designation.member_state_id,
            eu_level=False,
            supplier_id=designation.supplier_id,
            from_questionnaire=True,
        )
        version = RecordVersion.objects.create(
            record=record,
            number=1,
            kind=kind,
            state=state,
            instrument=designation.legal_instrument,
            instrument_date=designation.decided_on,
            scopes=sorted(scopes.values(), key=lambda s: (s["asset_class"], s["technology"])),
            confidential=designation.confidential,
            appeal_status="appealed" if designation.appeal_status else "none",
            litigation_notes=designation.appeal_status,
            notes=designation.notes,
            reason=(
                "Carried over from the designation register kept before versions "
                f"(last changed {designation.updated_at:%Y-%m-%d})."
            ),
            source_assessment_id=designation.source_assessment_id,
        )
        record.current = version
        record.save(update_fields=["current"])


def backwards(apps, schema_editor):
    apps.get_model("register", "DeadlineNotice").objects.all().delete()
    LegalRecord = apps.get_model("register", "LegalRecord")
    LegalRecord.objects.update(current=None)
    apps.get_model("register", "RecordVersion").objects.all().delete()
    LegalRecord.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_restriction_register"), ("suppliers", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
