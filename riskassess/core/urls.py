from django.urls import path

from riskassess.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
