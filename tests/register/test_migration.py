"""The data migration carries every designation row into a first register version, equal to it."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("register", "0001_restriction_register")]
AFTER = [("register", "0002_designations_into_register")]


@pytest.mark.django_db(transaction=True)
def test_it_carries_every_designation_into_the_register():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    state = apps.get_model("accounts", "MemberState").objects.create(
        iso_code="EE", eu_code="EE", name="Estonia", protocol_order=5
    )
    supplier = apps.get_model("suppliers", "Supplier").objects.create(name="Old Vendor", slug="old", hq_country="CN")
    core = apps.get_model("suppliers", "AssetClass").objects.create(code="core_nf", name="Core")
    designation = apps.get_model("suppliers", "Designation").objects.create(
        member_state=state,
        supplier=supplier,
        status="high_risk",
        legal_instrument="Act of 2021",
        decided_on=dt.date(2022, 2, 1),
        phase_out={"core_nf": "2025-12-31", "ran_general": "2029-12-31"},
        confidential=True,
        appeal_status="Preliminary reference pending",
        notes="kept",
    )
    designation.asset_classes.set([core])
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    record = apps.get_model("register", "LegalRecord").objects.get()
    version = record.current
    assert (record.authority_state_id, record.supplier_id, record.from_questionnaire) == (state.pk, supplier.pk, True)
    assert (version.number, version.kind, version.state, version.instrument, version.instrument_date) == (
        1,
        "designation",
        "in_force",
        "Act of 2021",
        dt.date(2022, 2, 1),
    )
    assert version.scopes == [
        {
            "asset_class": "core_nf",
            "technology": "",
            "listed": True,
            "transition_deadline": None,
            "phase_out_deadline": "2025-12-31",
        },
        {
            "asset_class": "ran_general",
            "technology": "",
            "listed": False,
            "transition_deadline": None,
            "phase_out_deadline": "2029-12-31",
        },
    ]
    assert (version.confidential, version.appeal_status, version.litigation_notes, version.notes) == (
        True,
        "appealed",
        "Preliminary reference pending",
        "kept",
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
