"""The supplier portal (/supplier/): supplier users only, each its own supplier's objects."""

from django.urls import path

from riskassess.hearings import views

app_name = "supplier"
urlpatterns = [
    path("", views.portal_home, name="home"),
    path("hearings/<int:pk>/", views.portal_hearing, name="hearing"),
    path("hearings/<int:pk>/answer", views.portal_answer, name="answer"),
    path("answers/<int:pk>/file", views.portal_answer_file, name="answer_file"),
    path("statements/", views.portal_statements, name="statements"),
    path("statements/<int:pk>/withdraw", views.portal_statement_delete, name="statement_delete"),
    path("statements/<int:pk>/file", views.portal_statement_file, name="statement_file"),
]
