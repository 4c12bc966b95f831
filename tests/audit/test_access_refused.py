"""Refused access (404/403 on object URLs for a signed-in user) in the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from riskassess.audit.middleware import AccessRefusedAuditMiddleware
from riskassess.audit.models import AuditEvent


def _middleware(answer):
    def view(request):
        if isinstance(answer, Exception):
            raise answer
        return answer

    from django.core.handlers.exception import convert_exception_to_response

    return AccessRefusedAuditMiddleware(convert_exception_to_response(view))


def _request(user, path="/assessments/12/", kwargs=None):
    from django.urls import ResolverMatch

    request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.44")
    request.user = user
    request.request_id = "rid-1"
    request.resolver_match = ResolverMatch(lambda r: None, (), kwargs if kwargs is not None else {"pk": 12})
    return request


def test_it_records_a_404_on_an_object_url_through_the_site(client, de_regulator, fr_assessment):
    # a German regulator asks for a French assessment: 404, and a line in the trail
    client.force_login(de_regulator)
    response = client.get(f"/assessments/{fr_assessment.pk}/")
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access_refused")
    assert event.actor == de_regulator
    assert event.data["path"] == f"/assessments/{fr_assessment.pk}/"
    assert event.data["status"] == 404
    assert len(event.request_id) == 32


def test_it_records_a_refused_object(de_regulator):
    response = _middleware(Http404("no"))(_request(de_regulator))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access_refused")
    assert event.actor == de_regulator
    assert event.ip_address == "192.0.2.44"
    assert event.request_id == "rid-1"


def test_it_records_a_permission_denied(fr_regulator):
    response = _middleware(PermissionDenied())(_request(fr_regulator, "/assessments/12/approve/"))
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="access_refused")
    assert event.data["status"] == 403
    assert event.data["path"] == "/assessments/12/approve/"


def test_it_ignores_allowed_answers(fr_regulator):
    _middleware(HttpResponse("ok"))(_request(fr_regulator))
    assert not AuditEvent.objects.filter(action="access_refused").exists()


def test_it_ignores_pages_without_an_object(fr_regulator):
    _middleware(Http404("no"))(_request(fr_regulator, "/nothing/", kwargs={}))
    assert not AuditEvent.objects.filter(action="access_refused").exists()


@pytest.mark.django_db
def test_it_ignores_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    _middleware(Http404("no"))(_request(AnonymousUser()))
    assert not AuditEvent.objects.filter(action="access_refused").exists()
