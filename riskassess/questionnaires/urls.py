from django.urls import include, path

from riskassess.questionnaires import views

# The regulator's pages, namespaced "questionnaires"; the home page keeps its global name "home".
assessment_patterns = [
    path("assessments/start/", views.assessment_start, name="start"),
    path("assessments/<int:pk>/", views.assessment_overview, name="overview"),
    path("assessments/<int:pk>/sections/<str:section>/", views.assessment_section, name="section"),
    path(
        "assessments/<int:pk>/sections/<str:section>/autosave/",
        views.assessment_section_autosave,
        name="section_autosave",
    ),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/decide/", views.assessment_decide, name="decide"),
    path("assessments/<int:pk>/approve/", views.assessment_approve, name="approve"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="return"),
    path("assessments/<int:pk>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((assessment_patterns, "questionnaires"))),
]
