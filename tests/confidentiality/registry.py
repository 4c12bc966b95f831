"""Every output of riskassess, for the leak test (test_leaks.py).

OUTPUTS: every named URL. Either a function of the planted world giving the URL kwargs (plus
"_query", a dict sent as the query string), rendered by GET as every persona, or a reason why the
route shows no data that the confidentiality rule covers. `per_state` routes show one member
state's data and are exempt from the small-cell check for coordinators, who may see per-state
cells (riskassess.confidentiality.may_see_state_cells).

REPORT_KINDS: every PDF kind, rendered to a real PDF for the EU audience and another state.
EXPORTS: every (page, format) that answers ?format=; a page that starts exporting must be listed.
ADMIN_MODELS: every model in the admin; its change list is rendered for coordinators.

A new URL, report kind, export or admin model that is not listed here makes test_registry fail.
"""

from __future__ import annotations

from typing import Any

NO_DATA = "no data"
WRITE = "writes only (POST): its answer is a redirect or the object the caller sent"
FILE = "the stored file of an output rendered below (evidence or report download)"


def _a(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk}


def _nl_record(w) -> int:
    from riskassess.register.models import LegalRecord

    return LegalRecord.objects.get(authority_state=w.nl, supplier=w.big).pk


OUTPUTS: dict[str, Any] = {
    # questionnaires (HTML)
    "home": {"kwargs": lambda w: {}},
    "questionnaires:start": WRITE,
    "questionnaires:overview": {"kwargs": _a("nl_assessment"), "per_state": True},
    "questionnaires:section": {"kwargs": lambda w: {"pk": w.nl_assessment.pk, "section": "D"}, "per_state": True},
    "questionnaires:submit": WRITE,
    "questionnaires:approve": WRITE,
    "questionnaires:return": WRITE,
    "questionnaires:revision": {"kwargs": lambda w: {"pk": w.nl_assessment.pk, "number": 1}, "per_state": True},
    "questionnaires:evidence_download": {"kwargs": _a("nl_evidence"), "per_state": True},
    # accounts
    "login": NO_DATA,
    "logout": NO_DATA,
    "otp_verify": NO_DATA,
    "otp_enrol": NO_DATA,
    "account_me": {"kwargs": lambda w: {}},  # the asker's own name, role and language
    "set_language": WRITE,
    "javascript-catalog": NO_DATA,  # the interface's strings, nothing of any state
    # scoring
    "scoring:score_panel": {"kwargs": _a("nl_assessment"), "per_state": True},
    # dashboard
    "dashboard:index": {"kwargs": lambda w: {}, "query": lambda w: {"campaign": w.campaign.pk}},
    "dashboard:progress": {"kwargs": lambda w: {}, "query": lambda w: {"campaign": w.campaign.pk}},
    "dashboard:heatmap": {"kwargs": lambda w: {}, "query": lambda w: {"campaign": w.campaign.pk}, "per_state": True},
    "dashboard:suppliers": {"kwargs": lambda w: {}, "query": lambda w: {"campaign": w.campaign.pk}},
    "dashboard:designations": {"kwargs": lambda w: {}},
    "dashboard:trends": {"kwargs": lambda w: {}},
    "dashboard:state_detail": {"kwargs": lambda w: {"eu_code": "NL"}, "per_state": True},
    "dashboard:member_state": {"kwargs": lambda w: {}, "query": lambda w: {"campaign": w.campaign.pk}},
    # API
    "api-schema": NO_DATA,
    "api-docs": NO_DATA,
    "api-redoc": NO_DATA,
    "api-tokens": NO_DATA,
    "api-token-revoke": WRITE,
    "api-member-state-list": {"kwargs": lambda w: {}},
    "api-member-state-detail": {"kwargs": lambda w: {"pk": w.nl.pk}},
    "api-supplier-list": {"kwargs": lambda w: {}},
    "api-supplier-detail": {"kwargs": _a("big")},
    "api-template-version-list": NO_DATA,
    "api-template-version-detail": NO_DATA,
    "api-template-version-export": NO_DATA,
    "api-campaign-list": {"kwargs": lambda w: {}},
    "api-campaign-detail": {"kwargs": _a("campaign")},
    "api-designation-list": {"kwargs": lambda w: {}},
    "api-dashboard-progress": {"kwargs": _a("campaign")},
    "api-dashboard-suppliers": {"kwargs": _a("campaign")},
    "api-dashboard-heatmap": {"kwargs": _a("campaign"), "per_state": True},
    "api-assessment-list": {"kwargs": lambda w: {}, "per_state": True},
    "api-assessment-detail": {"kwargs": _a("nl_assessment"), "per_state": True},
    "api-assessment-answers": {"kwargs": _a("nl_assessment"), "per_state": True},
    "api-assessment-submit": WRITE,
    "api-assessment-approve": WRITE,
    "api-assessment-return": WRITE,
    "api-assessment-score": {"kwargs": _a("nl_assessment"), "per_state": True},
    "api-assessment-revisions": {"kwargs": _a("nl_assessment"), "per_state": True},
    "api-assessment-revision": {"kwargs": lambda w: {"pk": w.nl_assessment.pk, "number": 1}, "per_state": True},
    "api-assessment-evidence": {"kwargs": _a("nl_assessment"), "per_state": True},
    "api-evidence-detail": {"kwargs": _a("nl_evidence"), "per_state": True},
    "api-evidence-download": {"kwargs": _a("nl_evidence"), "per_state": True},
    "api-report-list": {"kwargs": lambda w: {}},
    "api-not-found": NO_DATA,
    "api-report-detail": FILE,
    "api-report-download": FILE,
    # reports: the PDFs themselves are rendered from REPORT_KINDS
    "reports:box": {
        "kwargs": lambda w: {},
        "query": lambda w: {"kind": "assessment", "assessment": w.nl_assessment.pk},
    },
    "reports:request": WRITE,
    "reports:status": FILE,
    "reports:retry": WRITE,
    "reports:download": FILE,
    # review before a decision, autosave
    "questionnaires:decide": {"kwargs": _a("nl_assessment"), "per_state": True},
    "questionnaires:section_autosave": WRITE,
    # accounts managed by their own authority
    "enrol": NO_DATA,
    "accounts": {"kwargs": lambda w: {}},
    "account-action": WRITE,
    # coordinator console
    "console:index": {"kwargs": lambda w: {}, "per_state": True},
    "console:campaign": {"kwargs": _a("campaign"), "per_state": True},
    "console:campaign_action": {"kwargs": lambda w: {"pk": w.campaign.pk, "action": "close"}, "per_state": True},
    "console:campaign_new": {"kwargs": lambda w: {}},
    "console:campaign_preview": {"kwargs": _a("campaign")},  # the questionnaire itself, no answer
    "console:campaign_extend": {"kwargs": _a("campaign")},
    "console:templates": {"kwargs": lambda w: {}},
    "console:template": {"kwargs": lambda w: {"pk": w.campaign.template_version.pk}},
    # sealed archive
    "archive:verify": {"kwargs": lambda w: {}},
    "archive:download": FILE,
    # exchange bundles for the NIS Cooperation Group and ENISA
    "api-exchange-bundle": {"kwargs": _a("campaign"), "per_state": True},
    "api-exchange-opt-in": {"kwargs": _a("campaign")},
    "api-exchange-import": WRITE,
    # networks: inventory, phase-out, Toolbox tracker
    "networks:inventory": {"kwargs": lambda w: {}},
    "networks:inventory_import": {"kwargs": lambda w: {}},
    "networks:inventory_entry": {"kwargs": lambda w: {}},
    "networks:operator_add": WRITE,
    "networks:phaseout": {"kwargs": lambda w: {}},
    "networks:phaseout_eu": {"kwargs": lambda w: {}},
    "networks:phaseout_state": {"kwargs": lambda w: {"eu_code": "NL"}, "per_state": True},
    "networks:toolbox": {"kwargs": lambda w: {}},
    "networks:toolbox_enter": WRITE,
    "networks:toolbox_review": WRITE,
    "networks:toolbox_matrix": {"kwargs": lambda w: {}},
    "api-networks-operators": {"kwargs": lambda w: {}},
    "api-networks-inventory-import": WRITE,
    "api-networks-phaseout": {"kwargs": lambda w: {}},
    "api-networks-phaseout-eu": {"kwargs": lambda w: {}},
    "api-networks-toolbox-entries": {"kwargs": lambda w: {}},
    "api-networks-toolbox-review": WRITE,
    "api-networks-toolbox-matrix": {"kwargs": lambda w: {}},
    # hearings: the authority's pages, and the supplier portal (supplier users only)
    "hearings:index": {"kwargs": lambda w: {}},
    "hearings:open": WRITE,
    "hearings:invite": WRITE,
    "hearings:detail": {"kwargs": _a("nl_hearing"), "per_state": True},
    "hearings:extend": WRITE,
    "hearings:decide": WRITE,
    "hearings:answer_file": FILE,
    "hearings:statement_file": FILE,
    "hearings:statement_take_over": WRITE,
    "supplier:home": {"kwargs": lambda w: {}},
    "supplier:hearing": {"kwargs": _a("nl_hearing")},
    "supplier:answer": WRITE,
    "supplier:answer_file": FILE,
    "supplier:statements": {"kwargs": lambda w: {}},
    "supplier:statement_delete": WRITE,
    "supplier:statement_file": FILE,
    "api-hearing-list": {"kwargs": lambda w: {}},
    "api-hearing-detail": {"kwargs": _a("nl_hearing"), "per_state": True},
    "api-hearing-answers": WRITE,
    "api-hearing-extend": WRITE,
    "api-hearing-decide": WRITE,
    "api-hearing-answer-file": FILE,
    "api-supplier-statement-list": {"kwargs": lambda w: {}},
    "api-supplier-statement-detail": {"kwargs": _a("statement")},
    "api-supplier-statement-file": FILE,
    # the restriction register: the planted confidential record of NL, its list, notices, API
    "register:records": {"kwargs": lambda w: {}},
    "register:record": {"kwargs": lambda w: {"pk": _nl_record(w)}},
    "register:notices": {"kwargs": lambda w: {}},
    "register:notice_read": WRITE,
    "api-register-records": {"kwargs": lambda w: {}},
    "api-register-record": {"kwargs": lambda w: {"pk": _nl_record(w)}},
    "api-register-record-amend": WRITE,
    # operations
    "healthz": NO_DATA,
}

# kind -> the targets of one report of that kind in the planted world
REPORT_KINDS: dict[str, Any] = {
    "assessment": lambda w: {"assessment": w.nl_assessment},
    "member_state": lambda w: {"member_state": w.it, "campaign": w.campaign},
    "supplier": lambda w: {"supplier": w.small, "campaign": w.campaign},
    "eu": lambda w: {"campaign": w.campaign},
    "toolbox": lambda w: {},
    "hearing": lambda w: {"hearing": w.nl_hearing, "supplier": w.big},
}
# One more of each that names the planted designation's supplier or state.
MORE_REPORTS: list[tuple[str, Any]] = [
    ("member_state", lambda w: {"member_state": w.nl, "campaign": w.campaign}),
    ("supplier", lambda w: {"supplier": w.big, "campaign": w.campaign}),
]

EXPORTS = {
    ("dashboard:progress", "csv"),
    ("dashboard:progress", "xlsx"),
    ("dashboard:heatmap", "csv"),
    ("dashboard:heatmap", "xlsx"),
    ("dashboard:suppliers", "csv"),
    ("dashboard:suppliers", "xlsx"),
    ("dashboard:designations", "csv"),
    ("dashboard:designations", "xlsx"),
    ("dashboard:trends", "csv"),
    ("dashboard:trends", "xlsx"),
    ("dashboard:member_state", "csv"),
    ("dashboard:member_state", "xlsx"),
    ("networks:inventory", "csv"),
    ("networks:inventory", "xlsx"),
    ("networks:phaseout_eu", "csv"),
    ("networks:phaseout_eu", "xlsx"),
    ("networks:phaseout_state", "csv"),
    ("networks:phaseout_state", "xlsx"),
    ("networks:toolbox_matrix", "csv"),
    ("networks:toolbox_matrix", "xlsx"),
    ("networks:phaseout", "csv"),
    ("networks:phaseout", "xlsx"),
    ("networks:toolbox", "csv"),
    ("networks:toolbox", "xlsx"),
    ("register:records", "csv"),
    ("register:records", "xlsx"),
    ("register:record", "csv"),
    ("register:record", "xlsx"),
}

ADMIN_MODELS = {
    "accounts.memberstate",
    "accounts.user",
    "audit.auditevent",
    "questionnaires.campaign",
    "questionnaires.questionnairetemplate",
    "questionnaires.templateversion",
    "scoring.score",
    "scoring.scoringrun",
    "suppliers.assetclass",
    "suppliers.designation",
    "suppliers.product",
    "suppliers.supplier",
    "networks.operator",
    "networks.inventoryimport",
    "networks.toolboxmeasurestatus",
    "register.legalrecord",
    "register.recordversion",
    "register.deadlinenotice",
}
# Admin models that hold no assessment data (API tokens, login throttling, groups, devices).
ADMIN_NO_DATA = {
    "api.apitoken",
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
}
