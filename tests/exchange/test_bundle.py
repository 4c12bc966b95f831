"""Exchange bundles: EU aggregates and the records of states that opted in, signed; refused with the
reason when tampered with or signed by someone this instance does not trust; imported whole."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from riskassess.archive import authority
from riskassess.dashboard import selectors as eu
from riskassess.exchange import jws
from riskassess.exchange.jws import BundleRefused
from riskassess.exchange.models import ImportedBundle, ImportedRecord
from riskassess.exchange.services import bundle_export, bundle_import, exchange_opt_in_set
from tests.factories import DesignationFactory, UserFactory


def _payload(envelope: dict) -> dict:
    return json.loads(jws.unb64(envelope["payload"]))


def _approver(state):
    return UserFactory(role="approver", member_state=state)


def test_it_exports_the_eu_aggregates_from_the_eu_layer_and_no_state_records_by_default(campaign, scored):
    payload = _payload(bundle_export(campaign=campaign))
    assert payload["format"] == "riskassess-exchange-bundle" and payload["version"] == 1
    assert payload["campaign"]["slug"] == campaign.slug
    totals = eu.progress_totals(eu.campaign_progress(campaign=campaign))
    assert payload["aggregates"]["progress"]["submitted"] == totals["submitted"] == 2
    assert len(payload["aggregates"]["suppliers"]) == len(eu.supplier_table(campaign=campaign)) == 1
    assert payload["records"] == []


def test_it_adds_the_records_of_a_state_that_opted_in(campaign, scored, france, germany):
    exchange_opt_in_set(user=_approver(france), campaign=campaign, opted_in=True)
    exchange_opt_in_set(user=_approver(germany), campaign=campaign, opted_in=False)
    records = _payload(bundle_export(campaign=campaign))["records"]
    assert [r["member_state"] for r in records] == ["FR"]
    fr_score, _de = scored
    # Outside its member state the designation section is never shared (riskassess.confidentiality).
    assert records[0]["answers"] == {k: v for k, v in fr_score.revision.answers.items() if not k.startswith("D")}
    assert records[0]["score"]["band"] == fr_score.band and records[0]["withheld_sections"] == ["D"]


def test_it_withholds_the_designation_section_of_a_confidential_designation(
    campaign, scored, france, supplier, fr_assessment
):
    DesignationFactory(member_state=france, supplier=supplier, confidential=True)
    exchange_opt_in_set(user=_approver(france), campaign=campaign, opted_in=True)
    (record,) = _payload(bundle_export(campaign=campaign))["records"]
    assert record["withheld_sections"] == ["D"]
    assert not any(key.startswith("D") for key in record["answers"])
    # The band as every other output shows it: never the band of the confidential designation.
    assert record["score"]["band"] not in (None, "designated")


def test_only_an_approver_of_the_state_opts_in(campaign, fr_regulator, eu_coordinator):
    from riskassess.core.exceptions import ApplicationError

    for user in (fr_regulator, eu_coordinator):
        with pytest.raises(ApplicationError):
            exchange_opt_in_set(user=user, campaign=campaign, opted_in=True)


def test_it_imports_a_valid_bundle_whole(campaign, scored, france):
    exchange_opt_in_set(user=_approver(france), campaign=campaign, opted_in=True)
    envelope = bundle_export(campaign=campaign)
    bundle = bundle_import(envelope=envelope)
    assert bundle.issuer == "riskassess test instance" and bundle.campaign_slug == campaign.slug
    assert bundle.aggregates == _payload(envelope)["aggregates"]
    assert list(ImportedRecord.objects.values_list("member_state", flat=True)) == ["FR"]
    with pytest.raises(BundleRefused, match="imported already"):
        bundle_import(envelope=envelope)
    assert ImportedBundle.objects.count() == 1 and ImportedRecord.objects.count() == 1


def test_it_refuses_a_tampered_bundle_and_stores_nothing(campaign, scored):
    envelope = bundle_export(campaign=campaign)
    payload = _payload(envelope)
    payload["aggregates"]["progress"]["submitted"] = 27
    tampered = {**envelope, "payload": jws.b64(json.dumps(payload).encode())}
    with pytest.raises(BundleRefused) as info:
        bundle_import(envelope=tampered)
    assert info.value.reason == "The bundle was changed after it was signed: its signature does not match."
    assert not ImportedBundle.objects.exists() and not ImportedRecord.objects.exists()


def test_it_refuses_a_bundle_signed_by_a_foreign_key(campaign, scored, tmp_path, settings):
    authority.generate_test_authority(tmp_path / "foreign", common_name="foreign instance")
    settings.REPORT_SEAL_DIR = str(tmp_path / "foreign")
    foreign = bundle_export(campaign=campaign)
    settings.REPORT_SEAL_DIR = str(tmp_path / "ours")
    with pytest.raises(BundleRefused) as info:
        bundle_import(envelope=foreign)
    assert "CN=foreign instance" in info.value.reason and "does not trust" in info.value.reason
    assert not ImportedBundle.objects.exists()
    # trusted once its certificate is configured (EXCHANGE_TRUST_FILE): "verified by another instance"
    settings.EXCHANGE_TRUST_FILE = str(tmp_path / "foreign" / "root-cert.pem")
    assert bundle_import(envelope=foreign).issuer == "riskassess test instance"


def test_it_refuses_a_signed_bundle_that_does_not_follow_the_format(campaign, scored):
    files = authority.seal_files()
    chain = authority.certificates(files.cert) + authority.chain_certificates()
    payload = _payload(bundle_export(campaign=campaign))
    del payload["records"]
    envelope = jws.sign(json.dumps(payload).encode(), key_pem=files.key.read_bytes(), passphrase=None, chain=chain)
    with pytest.raises(
        BundleRefused, match="does not follow its format at the bundle: 'records' is a required property"
    ):
        bundle_import(envelope=envelope)
    payload["records"], payload["version"] = [], 2
    envelope = jws.sign(json.dumps(payload).encode(), key_pem=files.key.read_bytes(), passphrase=None, chain=chain)
    with pytest.raises(BundleRefused, match="format version 2"):
        bundle_import(envelope=envelope)
    assert not ImportedBundle.objects.exists()


def test_the_commands_export_and_import(campaign, scored, tmp_path, capsys):
    path = tmp_path / "bundle.json"
    call_command("export_bundle", campaign.slug, "-o", str(path))
    call_command("import_bundle", str(path))
    assert "imported bundle" in capsys.readouterr().out
    envelope = json.loads(path.read_text())
    envelope["signature"] = envelope["signature"][::-1]
    path.write_text(json.dumps(envelope))
    with pytest.raises(CommandError, match="bundle refused: The bundle was changed after it was signed"):
        call_command("import_bundle", str(path))
    assert ImportedBundle.objects.count() == 1
