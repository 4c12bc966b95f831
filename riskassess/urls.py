from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("riskassess.questionnaires.urls")),
    path("accounts/", include("riskassess.accounts.urls")),
    path("scoring/", include("riskassess.scoring.urls")),
    path("reports/", include("riskassess.reports.urls")),
    path("archive/", include("riskassess.archive.urls")),
    path("dashboard/", include("riskassess.dashboard.urls")),
    path("console/", include("riskassess.console.urls")),
    path("networks/", include("riskassess.networks.urls")),
    path("hearings/", include("riskassess.hearings.urls")),
    path("supplier/", include("riskassess.hearings.urls_portal")),
    path("register/", include("riskassess.register.urls")),
    path("api/", include("riskassess.api.urls")),
    path("", include("riskassess.core.urls")),
    path("admin/", admin.site.urls),
]
