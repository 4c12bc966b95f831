from django.urls import path

from riskassess.archive import views

app_name = "archive"
urlpatterns = [
    path("verify", views.verify, name="verify"),
    path("<int:pk>/sealed", views.download, name="download"),
]
