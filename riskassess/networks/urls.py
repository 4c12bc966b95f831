from django.urls import path

from riskassess.networks import views

app_name = "networks"
urlpatterns = [
    path("inventory/", views.inventory, name="inventory"),
    path("inventory/import", views.inventory_import, name="inventory_import"),
    path("inventory/entry", views.inventory_entry, name="inventory_entry"),
    path("operators/add", views.operator_add, name="operator_add"),
    path("phase-out/", views.phaseout, name="phaseout"),
    path("phase-out/eu/", views.phaseout_eu, name="phaseout_eu"),
    path("phase-out/states/<str:eu_code>/", views.phaseout_state, name="phaseout_state"),
    path("toolbox/", views.toolbox, name="toolbox"),
    path("toolbox/enter", views.toolbox_enter, name="toolbox_enter"),
    path("toolbox/entries/<int:pk>/review", views.toolbox_review, name="toolbox_review"),
    path("toolbox/eu/", views.toolbox_matrix, name="toolbox_matrix"),
]
