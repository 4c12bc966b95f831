from django.urls import path

from riskassess.reports import views

app_name = "reports"
urlpatterns = [
    path("box", views.box, name="box"),
    path("request", views.request_report, name="request"),
    path("<int:pk>/status", views.status, name="status"),
    path("<int:pk>/retry", views.retry, name="retry"),
    path("<int:pk>/download", views.download, name="download"),
]
