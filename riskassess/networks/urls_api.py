"""Routes of the networks in the v1 API (mounted at /api/v1/networks/)."""

from django.urls import path

from riskassess.networks import apis

urlpatterns = [
    path("operators/", apis.OperatorListApi.as_view(), name="api-networks-operators"),
    path("inventory/import/", apis.InventoryImportApi.as_view(), name="api-networks-inventory-import"),
    path("phase-out/", apis.PhaseoutApi.as_view(), name="api-networks-phaseout"),
    path("phase-out/eu/", apis.EuPhaseoutApi.as_view(), name="api-networks-phaseout-eu"),
    path("toolbox/entries/", apis.ToolboxEntryListApi.as_view(), name="api-networks-toolbox-entries"),
    path("toolbox/entries/<int:pk>/review/", apis.ToolboxReviewApi.as_view(), name="api-networks-toolbox-review"),
    path("toolbox/eu/", apis.ToolboxMatrixApi.as_view(), name="api-networks-toolbox-matrix"),
]
