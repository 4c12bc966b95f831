from django.urls import path

from riskassess.scoring import views

app_name = "scoring"
urlpatterns = [
    path("assessments/<int:pk>/score/", views.score_panel, name="score_panel"),
]
