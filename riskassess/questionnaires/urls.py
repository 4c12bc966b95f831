from django.urls import path

from riskassess.questionnaires import views

urlpatterns = [
    path("", views.home, name="home"),
]
