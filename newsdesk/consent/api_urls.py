"""The consent API, outside the language prefix: /api/consent/..."""

from django.urls import path

from newsdesk.consent import views

app_name = "consent_api"

urlpatterns = [
    path("records/", views.record, name="records"),
    path("regime/", views.regime, name="regime"),
]
