"""Exchange routes, included by riskassess/api/urls_v1.py under exchange/."""

from django.urls import path

from riskassess.exchange import apis

urlpatterns = [
    path("campaigns/<int:pk>/bundle/", apis.BundleExportApi.as_view(), name="api-exchange-bundle"),
    path("campaigns/<int:pk>/opt-in/", apis.OptInApi.as_view(), name="api-exchange-opt-in"),
    path("bundles/", apis.BundleImportApi.as_view(), name="api-exchange-import"),
]
