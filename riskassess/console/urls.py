from django.urls import path

from riskassess.console import views

app_name = "console"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/preview/", views.campaign_preview, name="campaign_preview"),
    path("campaigns/<int:pk>/extend/", views.campaign_extend, name="campaign_extend"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
    path("templates/", views.templates_index, name="templates"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
]
