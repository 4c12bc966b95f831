"""django.contrib.admin with our site (admin_site.py): named in INSTALLED_APPS instead of
"django.contrib.admin". Its own module, because an apps.py with two AppConfig classes would make
Django pick neither by default."""

from django.contrib.admin.apps import AdminConfig


class RiskassessAdminConfig(AdminConfig):
    default_site = "riskassess.core.admin_site.RiskassessAdminSite"
