from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "riskassess.scoring"
    label = "scoring"
