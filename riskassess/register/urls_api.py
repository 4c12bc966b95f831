"""Routes of the register in the v1 API (mounted at /api/v1/register/)."""

from django.urls import path

from riskassess.register import apis

urlpatterns = [
    path("records/", apis.RecordListApi.as_view(), name="api-register-records"),
    path("records/<int:pk>/", apis.RecordDetailApi.as_view(), name="api-register-record"),
    path("records/<int:pk>/versions/", apis.RecordAmendApi.as_view(), name="api-register-record-amend"),
]
