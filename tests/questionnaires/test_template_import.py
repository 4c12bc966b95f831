import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.models import QuestionnaireTemplate, TemplateVersion
from riskassess.questionnaires.template_format.dump import dump_definition
from riskassess.questionnaires.template_format.rules import rules_hash
from riskassess.questionnaires.template_versions import (
    template_version_diff,
    template_version_export,
    template_version_import,
    template_version_publish,
)
from tests.factories import SMALL_DEFINITION

SHIPPED = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"


def small_text(**changes) -> str:
    d = copy.deepcopy(SMALL_DEFINITION)
    d.update(changes)
    return dump_definition(d)


def test_it_imports_and_publishes_the_shipped_template(default_template_version):
    v = default_template_version
    assert v.is_published and v.published_at is not None
    assert v.template.key == "eu-5g-supplier"
    assert v.version == "2026.1"
    assert v.rules_hash == rules_hash(v.definition)
    assert AuditEvent.objects.filter(action="publish", object_id=str(v.pk)).exists()


def test_it_exports_the_shipped_file_byte_for_byte(default_template_version):
    assert template_version_export(template_version=default_template_version) == SHIPPED.read_text(encoding="utf-8")


def test_it_imports_the_same_published_version_again_without_change(default_template_version):
    again = template_version_import(text=SHIPPED.read_text(encoding="utf-8"), publish=True)
    assert again.pk == default_template_version.pk
    assert TemplateVersion.objects.count() == 1


def test_it_refuses_to_change_a_published_version(default_template_version):
    changed = SHIPPED.read_text(encoding="utf-8").replace("weight: 30", "weight: 35", 1)
    with pytest.raises(ApplicationError) as exc:
        template_version_import(text=changed)
    assert "is published and cannot be changed" in exc.value.message
    default_template_version.refresh_from_db()
    assert default_template_version.definition["sections"][0]["weight"] == 30


def test_it_keeps_a_published_version_immutable_in_the_model(default_template_version):
    default_template_version.definition = {**default_template_version.definition, "name": "Changed"}
    with pytest.raises(ValidationError):
        default_template_version.save()


def test_it_replaces_a_draft_version_and_publishes_it_later(db):
    draft = template_version_import(text=small_text())
    assert draft.status == TemplateVersion.Status.DRAFT
    d = yaml.safe_load(small_text())
    d["sections"][0]["weight"] = 70
    again = template_version_import(text=dump_definition(d))
    assert again.pk == draft.pk
    assert again.definition["sections"][0]["weight"] == 70
    published = template_version_publish(template_version=again)
    assert published.is_published
    assert template_version_publish(template_version=published).pk == published.pk


def test_it_stores_nothing_when_the_file_is_malformed(db):
    d = yaml.safe_load(small_text())
    d["sections"][0]["questions"][0]["type"] = "boolean"
    d["sections"][1]["questions"][0]["fields"][2]["type"] = "dat"
    with pytest.raises(ApplicationError) as exc:
        template_version_import(text=yaml.safe_dump(d, sort_keys=False))
    messages = exc.value.errors["template"]
    assert any(m.startswith("question A4: unknown type 'boolean'") for m in messages)
    assert any(m.startswith("question B1, field expiry_date: unknown type 'dat'") for m in messages)
    assert QuestionnaireTemplate.objects.count() == 0
    assert TemplateVersion.objects.count() == 0


def test_it_imports_and_exports_through_the_commands(db, tmp_path):
    out = StringIO()
    call_command("import_template", str(SHIPPED), "--publish", stdout=out)
    assert "eu-5g-supplier version 2026.1 (published)" in out.getvalue()
    target = tmp_path / "export.yaml"
    call_command("export_template", "eu-5g-supplier", "2026.1", "-o", str(target), stderr=StringIO())
    assert target.read_bytes() == SHIPPED.read_bytes()


def test_it_prints_every_error_and_fails_on_a_malformed_file(db, tmp_path):
    d = yaml.safe_load(small_text())
    d["sections"][0]["questions"][0]["scoring"]["weight"] = 9
    d["scoring"]["bands"][0]["min"] = 3
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_template", str(bad), stderr=err)
    assert "question A4, scoring: weight must be a whole number from 1 to 5, found 9" in err.getvalue()
    assert "scoring, band low: the first band must start at min 0" in err.getvalue()
    assert TemplateVersion.objects.count() == 0


def test_it_diffs_two_versions():
    old = yaml.safe_load(small_text())
    new = copy.deepcopy(old)
    new["version"] = "2"
    new["sections"][0]["questions"][0]["text"] = "Reworded"
    new["sections"][0]["questions"][2]["scoring"]["weight"] = 3
    del new["sections"][1]["questions"][1]
    new["sections"][0]["weight"] = 50
    new["scoring"]["triggers"][0]["min_band"] = "high"
    entries = {(e["kind"], e["key"]): e for e in template_version_diff(old=old, new=new)}
    assert entries[("question", "A4")]["attributes"] == ["text"]
    assert entries[("question", "A4")]["affects_score"] is False
    assert entries[("question", "A6")]["affects_score"] is True
    assert entries[("question", "B6")]["change"] == "removed"
    assert entries[("section", "A")]["attributes"] == ["weight"]
    assert entries[("rule", "T1")]["attributes"] == ["min_band"]
    assert template_version_diff(old=old, new=old) == []
