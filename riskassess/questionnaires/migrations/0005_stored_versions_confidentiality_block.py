"""Stored template versions of the shipped questionnaire get the `confidentiality` block the
template file now carries, with the values every version had implicitly (its default), so that
re-importing the unchanged file finds the same content. Nothing that scores changes: the block is
not part of the rule-set hash."""

from django.db import migrations

BLOCK = {
    "designation_section": "D",
    "confidential_when": {"question": "D1c", "equals": "yes"},
    "register": {
        "status": "D1",
        "legal_instrument": "D1a",
        "decided_on": "D1b",
        "asset_classes": "D2",
        "phase_out": "D3",
    },
}
NEEDED = {"D1", "D1a", "D1b", "D1c", "D2", "D3"}


def _with_block(definition: dict) -> dict | None:
    if not isinstance(definition, dict) or "confidentiality" in definition:
        return None
    section = next((s for s in definition.get("sections", []) if s.get("key") == "D"), None)
    if section is None or not NEEDED <= {q.get("key") for q in section.get("questions", [])}:
        return None
    out: dict = {}
    for key, value in definition.items():
        if key == "scoring":
            out["confidentiality"] = BLOCK
        out[key] = value
    out.setdefault("confidentiality", BLOCK)
    return out


def forwards(apps, schema_editor):
    TemplateVersion = apps.get_model("questionnaires", "TemplateVersion")  # noqa: N806
    for version in TemplateVersion.objects.filter(template__key="eu-5g-supplier"):
        definition = _with_block(version.definition)
        if definition is not None:
            version.definition = definition
            version.save(update_fields=["definition"])


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0004_order_by_assessment_id")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
