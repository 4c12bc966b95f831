from django.urls import path

from riskassess.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("suppliers/", views.suppliers, name="suppliers"),
    path("designations/", views.designations, name="designations"),
    path("trends/", views.trends, name="trends"),
    path("states/<str:eu_code>/", views.state_detail, name="state_detail"),
    path("member-state/", views.member_state, name="member_state"),
]
