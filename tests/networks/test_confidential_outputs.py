"""One rule, every output: a state's confidential restriction never shows outside the state, in the
EU phase-out page, its CSV, the API, a coordinator's view of the state and the Toolbox PDF's data."""

import datetime as dt

from django.urls import reverse

from riskassess.networks.contexts import toolbox_context
from riskassess.networks.services import inventory_import
from tests.factories import amend_designation
from tests.networks.conftest import TODAY, csv_rows

SECRET_DATE = dt.date(2026, 4, 30)


def test_no_output_attributes_a_confidential_restriction(
    client, france, fr_operators, vendors, asset_classes, fr_designation, eu_coordinator, observer, fr_regulator
):
    vendors["hr"].named_in_2023_communication = False
    vendors["hr"].save()
    amend_designation(fr_designation, confidential=True, phase_out={"core_nf": SECRET_DATE.isoformat()})
    rows = [
        ("orange", "core", "5G SA", "Red Dragon Telecom", "sites", 37, "2026-06-30"),
        ("orange", "core", "5G SA", "Nordic Radio", "sites", 63, "2026-06-30"),
    ]
    inventory_import(member_state=france, content=csv_rows(rows), filename="fr.csv", today=TODAY)
    secrets = [b"30 Apr 2026", b"2026-04-30", b"Red Dragon", b"37.0", b"37,0"]
    outputs = {}
    for user in (eu_coordinator, observer):
        client.force_login(user)
        outputs[f"{user.role} page"] = client.get(reverse("networks:phaseout_eu")).content
        outputs[f"{user.role} csv"] = client.get(reverse("networks:phaseout_eu"), {"format": "csv"}).content
        outputs[f"{user.role} api"] = client.get(reverse("api-networks-phaseout-eu")).content
    client.force_login(eu_coordinator)
    outputs["state page"] = client.get(reverse("networks:phaseout_state", args=["FR"])).content
    outputs["state csv"] = client.get(reverse("networks:phaseout_state", args=["FR"]), {"format": "csv"}).content
    context = toolbox_context(None)
    outputs["pdf data"] = repr(context["phaseout"]).encode() + str(context["phaseout"]["bars_svg"]).encode()
    leaks = {name: [s for s in secrets if s in body] for name, body in outputs.items()}
    assert not any(leaks.values()), leaks
    # ... while France sees its own restriction in full
    client.force_login(fr_regulator)
    own = client.get(reverse("networks:phaseout")).content
    assert b"30 Apr 2026" in own and b"37.0 %" in own
