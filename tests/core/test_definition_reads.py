"""A template definition read from the database is the reader's own: nothing shares one mutable
dict between rows, requests or the scoring engine (the engine caches compiled plans by rules hash)."""

from riskassess.questionnaires.models import TemplateVersion
from tests.factories import TemplateVersionFactory


def test_it_gives_every_read_its_own_definition(db):
    version = TemplateVersionFactory()
    first = TemplateVersion.objects.get(pk=version.pk).definition
    first["name"] = "Changed by one reader"
    second = TemplateVersion.objects.get(pk=version.pk).definition
    assert second["name"] == version.definition["name"] != "Changed by one reader"


def test_it_reads_a_changed_definition_afresh(db):
    version = TemplateVersionFactory(status=TemplateVersion.Status.DRAFT)
    before = TemplateVersion.objects.get(pk=version.pk).definition
    version.definition = {**version.definition, "name": "Renamed"}
    version.save()
    after = TemplateVersion.objects.get(pk=version.pk).definition
    assert after["name"] == "Renamed" and before["name"] != "Renamed"
