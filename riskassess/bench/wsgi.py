"""The WSGI application of the bench's gunicorn: riskassess as deployed (riskassess.wsgi), and
under /bench-floor/ the floor views of riskassess/bench/floor.py, called directly by Django's
request and response objects without middleware. Never deployed."""

from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404, HttpResponse

from riskassess.wsgi import application as riskassess_application

from riskassess.bench.floor import PREFIX, floor_view  # isort: skip - after Django is set up


def application(environ, start_response):
    if not environ.get("PATH_INFO", "").startswith(PREFIX):
        return riskassess_application(environ, start_response)
    request = WSGIRequest(environ)
    try:
        response = floor_view(request)
    except Http404:
        response = HttpResponse(status=404)
    status = f"{response.status_code} {response.reason_phrase}"
    start_response(status, list(response.items()))
    return response
