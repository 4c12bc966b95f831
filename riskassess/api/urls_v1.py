"""Routes of the v1 API (mounted at /api/v1/)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from riskassess.api.apis import assessments, dashboard, evidence, reference, reports
from riskassess.hearings import apis as hearings

router = SimpleRouter()
router.register("member-states", reference.MemberStateViewSet, basename="api-member-state")
router.register("suppliers", reference.SupplierViewSet, basename="api-supplier")
router.register("template-versions", reference.TemplateVersionViewSet, basename="api-template-version")
router.register("campaigns", reference.CampaignViewSet, basename="api-campaign")

urlpatterns = [
    *router.urls,
    path("exchange/", include("riskassess.exchange.urls")),
    path("networks/", include("riskassess.networks.urls_api")),
    path("register/", include("riskassess.register.urls_api")),
    path(
        "template-versions/<int:pk>/export/",
        reference.TemplateVersionExportApi.as_view(),
        name="api-template-version-export",
    ),
    path("designations/", reference.DesignationRegisterApi.as_view(), name="api-designation-list"),
    path("assessments/", assessments.AssessmentListCreateApi.as_view(), name="api-assessment-list"),
    path("assessments/<int:pk>/", assessments.AssessmentDetailApi.as_view(), name="api-assessment-detail"),
    path("assessments/<int:pk>/answers/", assessments.AnswersApi.as_view(), name="api-assessment-answers"),
    path("assessments/<int:pk>/submit/", assessments.AssessmentSubmitApi.as_view(), name="api-assessment-submit"),
    path("assessments/<int:pk>/approve/", assessments.AssessmentApproveApi.as_view(), name="api-assessment-approve"),
    path("assessments/<int:pk>/return/", assessments.AssessmentReturnApi.as_view(), name="api-assessment-return"),
    path("assessments/<int:pk>/score/", assessments.ScoreApi.as_view(), name="api-assessment-score"),
    path("assessments/<int:pk>/revisions/", assessments.RevisionListApi.as_view(), name="api-assessment-revisions"),
    path(
        "assessments/<int:pk>/revisions/<int:number>/",
        assessments.RevisionDetailApi.as_view(),
        name="api-assessment-revision",
    ),
    path("assessments/<int:pk>/evidence/", evidence.AssessmentEvidenceApi.as_view(), name="api-assessment-evidence"),
    path("evidence/<int:pk>/", evidence.EvidenceDetailApi.as_view(), name="api-evidence-detail"),
    path("evidence/<int:pk>/download/", evidence.EvidenceDownloadApi.as_view(), name="api-evidence-download"),
    path("reports/", reports.ReportListApi.as_view(), name="api-report-list"),
    path("reports/<int:pk>/", reports.ReportDetailApi.as_view(), name="api-report-detail"),
    path("reports/<int:pk>/download/", reports.ReportDownloadApi.as_view(), name="api-report-download"),
    path(
        "dashboard/campaigns/<int:pk>/progress/", dashboard.CampaignProgressApi.as_view(), name="api-dashboard-progress"
    ),
    path(
        "dashboard/campaigns/<int:pk>/suppliers/", dashboard.SupplierTableApi.as_view(), name="api-dashboard-suppliers"
    ),
    path("dashboard/campaigns/<int:pk>/heatmap/", dashboard.HeatmapApi.as_view(), name="api-dashboard-heatmap"),
    path("hearings/", hearings.HearingListApi.as_view(), name="api-hearing-list"),
    path("hearings/<int:pk>/", hearings.HearingDetailApi.as_view(), name="api-hearing-detail"),
    path("hearings/<int:pk>/answers/", hearings.HearingAnswerApi.as_view(), name="api-hearing-answers"),
    path("hearings/<int:pk>/extensions/", hearings.HearingExtendApi.as_view(), name="api-hearing-extend"),
    path("hearings/<int:pk>/decision/", hearings.HearingDecideApi.as_view(), name="api-hearing-decide"),
    path("hearing-answers/<int:pk>/file/", hearings.HearingAnswerFileApi.as_view(), name="api-hearing-answer-file"),
    path("supplier-statements/", hearings.StatementListApi.as_view(), name="api-supplier-statement-list"),
    path("supplier-statements/<int:pk>/", hearings.StatementDetailApi.as_view(), name="api-supplier-statement-detail"),
    path("supplier-statements/<int:pk>/file/", hearings.StatementFileApi.as_view(), name="api-supplier-statement-file"),
]
