from riskassess.questionnaires.models import TemplateVersion
from tests.factories import TemplateVersionFactory


def test_it_parses_a_definition_once_for_every_read(db):
    version = TemplateVersionFactory()
    first = TemplateVersion.objects.get(pk=version.pk).definition
    second = TemplateVersion.objects.get(pk=version.pk).definition
    assert first == version.definition
    assert first is second


def test_it_reads_a_changed_definition_afresh(db):
    version = TemplateVersionFactory(status=TemplateVersion.Status.DRAFT)
    before = TemplateVersion.objects.get(pk=version.pk).definition
    version.definition = {**version.definition, "name": "Renamed"}
    version.save()
    after = TemplateVersion.objects.get(pk=version.pk).definition
    assert after["name"] == "Renamed" and before["name"] != "Renamed"
