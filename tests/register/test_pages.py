"""The register's pages and exports: history shown, confidential records never attributed outside
their state."""

import csv
import io

from django.urls import reverse

from riskassess.register.services import record_amend

SECRET = "Arrêté secret n° 7"


def test_it_shows_the_history_to_the_deciding_state(client, fr_regulator, fr_secret, fr_approver):
    record_amend(record=fr_secret, user=fr_approver, reason="Appeal lodged", appeal_status="appealed", court="CE")
    client.force_login(fr_regulator)
    page = client.get(reverse("register:record", args=[fr_secret.pk])).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "Appeal lodged" in page and "After the national assessment" in page and SECRET in page
    listing = client.get(reverse("register:records")).content.decode()
    assert SECRET in listing and "2 versions" in listing


def test_another_state_and_coordinators_never_see_a_confidential_record(
    client, de_regulator, eu_coordinator, observer, fr_secret, de_public, eu_record
):
    for user in (de_regulator, eu_coordinator, observer):
        client.force_login(user)
        assert client.get(reverse("register:record", args=[fr_secret.pk])).status_code == 404
        for response in (
            client.get(reverse("register:records")),
            client.get(reverse("register:records"), {"format": "csv"}),
            client.get(reverse("register:records"), {"format": "xlsx"}),
        ):
            assert response.status_code == 200
            assert SECRET.encode() not in response.content
        listing = client.get(reverse("register:records")).content.decode()
        assert "Agreement with the operators" in listing  # Germany's public record
        assert "Commission implementing decision" in listing  # EU-level: public


def test_the_export_has_the_meta_block_and_one_row_per_version(client, de_regulator, de_public, de_approver):
    record_amend(
        record=de_public,
        user=de_approver,
        reason="Exemption for rural sites",
        exemptions=[{"scope": "rural sites", "reason": "no other supplier", "until": "2027-06-30"}],
    )
    client.force_login(de_regulator)
    body = client.get(reverse("register:record", args=[de_public.pk]), {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "# Marking: TLP:AMBER"
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Record")
    data = rows[header + 1 :]
    assert [r[1] for r in data] == ["1", "2"]
    assert "rural sites: no other supplier (until 2027-06-30)" in data[1][11]
    assert "Core (5G, standalone and non-standalone): phase-out 31 December 2026" in data[0][9]


def test_the_filters_narrow_the_list(client, de_regulator, fr_secret, de_public, eu_record):
    client.force_login(de_regulator)
    page = client.get(reverse("register:records"), {"authority": "EU"}).content.decode()
    assert "Commission implementing decision" in page and "Agreement with the operators" not in page
    page = client.get(reverse("register:records"), {"technology": "g2_4"}).content.decode()
    assert "Agreement with the operators" not in page  # Germany's covers 5G only


def test_a_records_history_reads_the_asset_class_names_once(client, fr_regulator, fr_secret, fr_approver):
    """The page and its export name the asset classes of every version with one query, not one per version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(fr_regulator)
    url = reverse("register:record", args=[fr_secret.pk])

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, query).status_code == 200
        return len(ctx.captured_queries)

    one = (count(), count(format="csv"))
    for n in range(3):
        record_amend(record=fr_secret, user=fr_approver, reason=f"Change {n}", court=f"Court {n}")
    assert (count(), count(format="csv")) == one
