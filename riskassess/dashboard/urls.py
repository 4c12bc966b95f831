from django.urls import path

from riskassess.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("member-state/", views.member_state, name="member_state"),
]
