from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "riskassess.hearings"
    verbose_name = "Hearings and the supplier portal"
