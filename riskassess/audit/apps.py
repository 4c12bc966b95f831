from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "riskassess.audit"
    label = "audit"
