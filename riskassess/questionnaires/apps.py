from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "riskassess.questionnaires"
    label = "questionnaires"
