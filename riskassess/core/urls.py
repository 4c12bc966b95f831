from django.urls import path
from django.views.i18n import JavaScriptCatalog

from riskassess.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The strings of static/js in the request's language (gettext() in the browser).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
