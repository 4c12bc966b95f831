"""The cross-state access matrix (DESIGN.md section 7).

Every named URL pattern of the project must be listed in ROUTES, either as a route about no
particular object (NON_OBJECT) or with a function giving the URL kwargs of a French object. A test
fails when a new route is not listed. For every object route, a German regulator and an observer
asking for the French object get 404, for GET and for POST: existence is not leaked.

Adding a route: list it below; if it names an object, build that object in the `french` fixture.
An object route's function returns the URL kwargs, plus "_query" (a query string) and "_data"
(a POST body, also sent as the GET query) where the route takes its object from there.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from riskassess.questionnaires import services

NON_OBJECT = "non-object"

ROUTES = {
    # questionnaires (HTML)
    "home": NON_OBJECT,
    "questionnaires:start": NON_OBJECT,
    "questionnaires:overview": lambda fr: {"pk": fr.assessment.pk},
    "questionnaires:section": lambda fr: {"pk": fr.assessment.pk, "section": "A"},
    "questionnaires:section_autosave": lambda fr: {"pk": fr.assessment.pk, "section": "A"},
    "questionnaires:submit": lambda fr: {"pk": fr.assessment.pk},
    "questionnaires:decide": lambda fr: {"pk": fr.assessment.pk},
    "questionnaires:approve": lambda fr: {"pk": fr.assessment.pk},
    "questionnaires:return": lambda fr: {"pk": fr.assessment.pk},
    "questionnaires:revision": lambda fr: {"pk": fr.assessment.pk, "number": fr.revision.number},
    "questionnaires:evidence_download": lambda fr: {"pk": fr.evidence.pk},
    # accounts
    "login": NON_OBJECT,
    "logout": NON_OBJECT,
    "otp_verify": NON_OBJECT,
    "otp_enrol": NON_OBJECT,
    "enrol": NON_OBJECT,  # a single-use key, no object: 404 for any key that is not a live link
    "accounts": NON_OBJECT,  # the accounts of the asker's own authority
    "account-action": lambda fr: {"pk": fr.user.pk},
    "account_me": NON_OBJECT,  # the asker's own account
    "set_language": NON_OBJECT,
    "javascript-catalog": NON_OBJECT,
    # scoring
    "scoring:score_panel": lambda fr: {"pk": fr.assessment.pk},
    # dashboard (EU aggregates; the state drill-down is for coordinators only)
    "dashboard:index": NON_OBJECT,
    # coordinator console (coordinators only: 404 for everyone else)
    "console:index": NON_OBJECT,
    "console:campaign": lambda fr: {"pk": fr.assessment.campaign_id},
    "console:campaign_action": lambda fr: {"pk": fr.assessment.campaign_id, "action": "close"},
    "console:campaign_new": NON_OBJECT,
    "console:campaign_preview": lambda fr: {"pk": fr.assessment.campaign_id},
    "console:campaign_extend": lambda fr: {"pk": fr.assessment.campaign_id},
    "console:templates": NON_OBJECT,
    "console:template": lambda fr: {"pk": fr.assessment.campaign.template_version_id},
    "dashboard:progress": NON_OBJECT,
    "dashboard:heatmap": NON_OBJECT,
    "dashboard:suppliers": NON_OBJECT,
    "dashboard:designations": NON_OBJECT,
    "dashboard:trends": NON_OBJECT,
    "dashboard:state_detail": lambda fr: {"eu_code": fr.member_state.eu_code},
    "dashboard:member_state": NON_OBJECT,
    # API: schema, tokens, reference data (shared by every state) and EU aggregates per campaign
    "api-schema": NON_OBJECT,
    "api-docs": NON_OBJECT,
    "api-redoc": NON_OBJECT,
    "api-tokens": NON_OBJECT,
    "api-token-revoke": lambda fr: {"pk": fr.token.pk},
    "api-member-state-list": NON_OBJECT,
    "api-member-state-detail": NON_OBJECT,
    "api-supplier-list": NON_OBJECT,
    "api-supplier-detail": NON_OBJECT,
    "api-template-version-list": NON_OBJECT,
    "api-template-version-detail": NON_OBJECT,
    "api-template-version-export": NON_OBJECT,
    "api-campaign-list": NON_OBJECT,
    "api-campaign-detail": NON_OBJECT,
    "api-designation-list": NON_OBJECT,
    "api-dashboard-progress": NON_OBJECT,
    "api-dashboard-suppliers": NON_OBJECT,
    "api-dashboard-heatmap": NON_OBJECT,
    # exchange bundles: per campaign (EU roles); a state's own opt-in; import by coordinators
    "api-exchange-bundle": NON_OBJECT,
    "api-exchange-opt-in": NON_OBJECT,
    "api-exchange-import": NON_OBJECT,
    # API: objects of one member state
    "api-assessment-list": NON_OBJECT,
    "api-assessment-detail": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-answers": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-submit": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-approve": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-return": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-score": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-revisions": lambda fr: {"pk": fr.assessment.pk},
    "api-assessment-revision": lambda fr: {"pk": fr.assessment.pk, "number": fr.revision.number},
    "api-assessment-evidence": lambda fr: {"pk": fr.assessment.pk},
    "api-evidence-detail": lambda fr: {"pk": fr.evidence.pk},
    "api-evidence-download": lambda fr: {"pk": fr.evidence.pk},
    "api-report-list": NON_OBJECT,
    "api-not-found": NON_OBJECT,
    "api-report-detail": lambda fr: {"pk": fr.report.pk},
    "api-report-download": lambda fr: {"pk": fr.report.pk},
    # reports (the box and the request name their object in the query string or the form)
    "reports:box": lambda fr: {"_query": f"kind=assessment&assessment={fr.assessment.pk}"},
    "reports:request": lambda fr: {"_data": {"kind": "assessment", "assessment": fr.assessment.pk, "tlp": "TLP:AMBER"}},
    "reports:status": lambda fr: {"pk": fr.report.pk},
    "reports:retry": lambda fr: {"pk": fr.report.pk},
    "reports:download": lambda fr: {"pk": fr.report.pk},
    # sealed archive: the verify page looks up only the user's own reports; a sealed copy by report
    "archive:verify": NON_OBJECT,
    "archive:download": lambda fr: {"pk": fr.report.pk},
    # networks: the state's own pages; one state's phase-out and a Toolbox entry name their object
    "networks:inventory": NON_OBJECT,
    "networks:inventory_import": NON_OBJECT,
    "networks:inventory_entry": NON_OBJECT,
    "networks:operator_add": NON_OBJECT,
    "networks:phaseout": NON_OBJECT,
    "networks:phaseout_eu": NON_OBJECT,
    "networks:phaseout_state": lambda fr: {"eu_code": fr.member_state.eu_code},
    "networks:toolbox": NON_OBJECT,
    "networks:toolbox_enter": NON_OBJECT,
    "networks:toolbox_review": lambda fr: {"pk": fr.toolbox_entry.pk},
    "networks:toolbox_matrix": NON_OBJECT,
    "api-networks-operators": NON_OBJECT,
    "api-networks-inventory-import": NON_OBJECT,
    "api-networks-phaseout": NON_OBJECT,
    "api-networks-phaseout-eu": NON_OBJECT,
    "api-networks-toolbox-entries": NON_OBJECT,
    "api-networks-toolbox-review": lambda fr: {"pk": fr.toolbox_entry.pk},
    "api-networks-toolbox-matrix": NON_OBJECT,
    # hearings (the hearing authority's pages: 404 to other states, observers and suppliers)
    "hearings:index": NON_OBJECT,
    "hearings:open": NON_OBJECT,
    "hearings:invite": NON_OBJECT,
    "hearings:detail": lambda fr: {"pk": fr.hearing.pk},
    "hearings:extend": lambda fr: {"pk": fr.hearing.pk},
    "hearings:decide": lambda fr: {"pk": fr.hearing.pk},
    "hearings:answer_file": lambda fr: {"pk": fr.hearing_answer.pk},
    "hearings:statement_file": lambda fr: {"pk": fr.statement.pk},
    "hearings:statement_take_over": lambda fr: {"pk": fr.statement.pk, "_data": {"assessment": fr.assessment.pk}},
    # the supplier portal (the supplier's own users only: 404 to other suppliers and to authorities)
    "supplier:home": NON_OBJECT,
    "supplier:hearing": lambda fr: {"pk": fr.hearing.pk},
    "supplier:answer": lambda fr: {"pk": fr.hearing.pk},
    "supplier:answer_file": lambda fr: {"pk": fr.hearing_answer.pk},
    "supplier:statements": NON_OBJECT,
    "supplier:statement_delete": lambda fr: {"pk": fr.statement.pk},
    "supplier:statement_file": lambda fr: {"pk": fr.statement.pk},
    # API: hearings and supplier statements
    "api-hearing-list": NON_OBJECT,
    "api-hearing-detail": lambda fr: {"pk": fr.hearing.pk},
    "api-hearing-answers": lambda fr: {"pk": fr.hearing.pk},
    "api-hearing-extend": lambda fr: {"pk": fr.hearing.pk},
    "api-hearing-decide": lambda fr: {"pk": fr.hearing.pk},
    "api-hearing-answer-file": lambda fr: {"pk": fr.hearing_answer.pk},
    "api-supplier-statement-list": NON_OBJECT,
    "api-supplier-statement-detail": lambda fr: {"pk": fr.statement.pk},
    "api-supplier-statement-file": lambda fr: {"pk": fr.statement.pk},
    # the restriction register: France's confidential record and its deadline notice
    "register:records": NON_OBJECT,
    "register:record": lambda fr: {"pk": fr.legal_record.pk},
    "register:notices": NON_OBJECT,
    "register:notice_read": lambda fr: {"pk": fr.notice.pk},
    "api-register-records": NON_OBJECT,
    "api-register-record": lambda fr: {"pk": fr.legal_record.pk},
    "api-register-record-amend": lambda fr: {"pk": fr.legal_record.pk},
    # operations
    "healthz": NON_OBJECT,
}

# Objects every supplier user may not reach although other roles may see the French objects
# (statements are facts for every regulator: de_regulator may read them, not a supplier).
SUPPLIER_ROUTES = sorted(name for name in ROUTES if name.startswith("supplier:"))
# API operations of the portal (their views are marked supplier_portal): a supplier's own objects.
SUPPLIER_API = {
    "api-hearing-list",
    "api-hearing-detail",
    "api-hearing-answers",
    "api-hearing-answer-file",
    "api-supplier-statement-list",
    "api-supplier-statement-detail",
    "api-supplier-statement-file",
}
# A supplier's statements are facts for every member state: another state's regulator reads them.
READ_BY_EVERY_STATE = {"hearings:statement_file", "api-supplier-statement-detail", "api-supplier-statement-file"}

SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")


def named_routes() -> dict[str, str]:
    """{name: route} of every named URL pattern, with namespaces, except the admin and static files."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                found[namespace + p.name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_it_lists_every_route_in_the_matrix():
    routes = named_routes()
    missing = sorted(set(routes) - set(ROUTES))
    assert not missing, f"Add these routes to ROUTES in tests/test_access_matrix.py: {missing}"
    gone = sorted(set(ROUTES) - set(routes))
    assert not gone, f"These routes no longer exist; remove them from ROUTES: {gone}"


def test_it_finds_nested_and_namespaced_routes():
    routes = named_routes()
    assert routes["questionnaires:section"] == "assessments/<int:pk>/sections/<str:section>/"
    assert not any(route.startswith("admin/") for route in routes.values())


@pytest.fixture
def french(fr_assessment, fr_regulator, france, settings, tmp_path, supplier_user):
    """One French object of every kind a route can name, with a submitted revision; a French
    hearing of the supplier, its answer and a statement of the supplier."""
    settings.MEDIA_ROOT = str(tmp_path)
    evidence = services.evidence_add_file(
        assessment=fr_assessment,
        user=fr_regulator,
        question_key="A4",
        uploaded_file=SimpleUploadedFile("extract.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values={"A4": "no", "B6": 5, "D1": "no"}, expected_version=1
    )
    fr_assessment.refresh_from_db()
    revision = services.assessment_submit(assessment=fr_assessment, user=fr_regulator)
    fr_assessment.refresh_from_db()
    objects = SimpleNamespace(
        assessment=fr_assessment,
        revision=revision,
        evidence=evidence,
        member_state=france,
        report=None,
        token=None,
        user=fr_regulator,
    )
    from riskassess.hearings import services as hearings

    objects.hearing = hearings.hearing_open(
        user=fr_regulator,
        supplier=fr_assessment.supplier,
        subject="Hearing",
        grounds="Grounds",
        deadline=fr_assessment.campaign.deadline + __import__("datetime").timedelta(days=400),
    )
    objects.hearing_answer = hearings.hearing_answer(
        user=supplier_user,
        hearing=objects.hearing,
        statement="Answer",
        uploaded_file=SimpleUploadedFile("answer.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    objects.statement = hearings.statement_add(
        user=supplier_user,
        topic="certificate",
        text="EUCC",
        uploaded_file=SimpleUploadedFile("cert.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    try:
        from riskassess.reports.models import Report

        objects.report = Report.objects.create(
            kind="assessment",
            status="done",
            assessment=fr_assessment,
            member_state=france,
            supplier=fr_assessment.supplier,
            campaign=fr_assessment.campaign,
            audience="ms",
            fingerprint="0" * 64,
            requested_by=fr_regulator,
        )
    except ImportError:
        pass
    try:
        from riskassess.networks.models import ToolboxMeasureStatus

        objects.toolbox_entry = ToolboxMeasureStatus.objects.create(
            member_state=france, measure="SM03", status="adopted", legal_basis="Loi", entered_by=fr_regulator
        )
    except ImportError:
        pass
    from riskassess.register.services import deadline_notices_raise, decision_record

    version = decision_record(
        authority_state=france,
        supplier=fr_assessment.supplier,
        kind="restriction",
        instrument="Décision confidentielle",
        instrument_date="2024-01-01",
        deadlines=[{"phase_out": "2025-01-01"}],
        confidential=True,
        reason="Decision",
        user=fr_regulator,
    )
    objects.legal_record = version.record
    (objects.notice,) = deadline_notices_raise()
    try:
        from riskassess.api.models import ApiToken

        objects.token = ApiToken.objects.create(user=fr_regulator, name="fr", prefix="frprefix", key_hash="0" * 64)
    except ImportError:
        pass
    return objects


OBJECT_ROUTES = sorted(name for name, spec in ROUTES.items() if spec is not NON_OBJECT)


def _statuses(client, french, name):
    kwargs = dict(ROUTES[name](french))
    query, data = kwargs.pop("_query", ""), kwargs.pop("_data", {})
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
    return url, {"GET": client.get(url, data).status_code, "POST": client.post(url, data).status_code}


@pytest.mark.parametrize("persona", ["de_regulator", "observer"])
@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_it_hides_french_objects_from_other_states_and_observers(client, request, french, persona, name):
    if name not in named_routes():
        pytest.fail(f"{name} is listed in ROUTES but not routed")
    client.force_login(request.getfixturevalue(persona))
    if persona == "de_regulator" and name in READ_BY_EVERY_STATE:
        assert client.get(reverse(name, kwargs=ROUTES[name](french))).status_code == 200
        return
    kwargs = dict(ROUTES[name](french))
    query, data = kwargs.pop("_query", ""), kwargs.pop("_data", {})
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
    statuses = {"GET": client.get(url, data).status_code, "POST": client.post(url, data).status_code}
    # 405 answers for the method, whatever the object: it reveals nothing. The method(s) the route
    # serves must answer 404.
    assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
    assert 404 in statuses.values(), f"{url}: {statuses}"


# Routes a supplier user may open outside its portal: logging in and out, the two-factor step, an
# enrolment link, the health check; the home page sends it to its portal.
SUPPLIER_OPEN = {"login", "logout", "otp_verify", "otp_enrol", "enrol", "healthz", "home"}


@pytest.mark.parametrize("name", sorted(set(ROUTES) - SUPPLIER_OPEN))
def test_a_supplier_user_reaches_nothing_but_its_portal(client, french, other_supplier_user, supplier_user, name):
    """Every route outside the portal answers 404 to a supplier user (its own supplier's French
    objects included); every portal route naming the French hearing's objects answers 404 to
    a user of another supplier."""
    spec = ROUTES[name]
    if name.startswith("supplier:") or name in SUPPLIER_API:
        if spec is NON_OBJECT:
            return  # its own lists: tests/hearings/test_portal.py
        client.force_login(other_supplier_user)
    else:
        client.force_login(supplier_user)
    if spec is NON_OBJECT:
        url = _any_url(name)
        statuses = {"GET": client.get(url).status_code, "POST": client.post(url).status_code}
    else:
        url, statuses = _statuses(client, french, name)
    assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
    assert 404 in statuses.values(), f"{url}: {statuses}"


def _any_url(name: str) -> str:
    """The URL of a route about no particular object, with "1" for any parameter it takes."""
    import re

    route = named_routes()[name]
    params = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
    return reverse(name, kwargs={p: "1" for p in params})


@pytest.mark.parametrize("name", SUPPLIER_ROUTES)
def test_the_portal_answers_404_to_the_authorities(client, french, fr_regulator, name):
    client.force_login(fr_regulator)
    if ROUTES[name] is NON_OBJECT:
        url = reverse(name)
        statuses = {"GET": client.get(url).status_code, "POST": client.post(url).status_code}
    else:
        url, statuses = _statuses(client, french, name)
    assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
