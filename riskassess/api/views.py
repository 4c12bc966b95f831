"""HTML pages of the api app: the personal API tokens of the signed-in user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from riskassess.api.selectors import api_token_get_for_user, api_tokens_for_user
from riskassess.api.services import DEFAULT_TOKEN_DAYS, TOKEN_LIFETIMES_DAYS, api_token_create, api_token_revoke
from riskassess.core.exceptions import ApplicationError


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's tokens; POST creates one and shows its key on this response only."""
    new_key = None
    new_token = None
    errors: dict[str, list[str]] = {}
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            days = int(request.POST.get("days") or DEFAULT_TOKEN_DAYS)
        except ValueError:
            days = -1  # refused by the service with its message
        try:
            new_token, new_key = api_token_create(
                user=request.user,
                name=name,
                request=request,
                days=days,
                read_only=request.POST.get("read_only") == "on",
                verified=bool(getattr(request.user, "is_verified", lambda: False)()),
            )
            name = ""
        except ApplicationError as e:
            errors = e.errors or {"name": [e.message]}
    response = render(
        request,
        "api/tokens.html",
        {
            "tokens": api_tokens_for_user(user=request.user),
            "new_key": new_key,
            "new_token": new_token,
            "errors": errors,
            "name": name,
            "lifetimes": TOKEN_LIFETIMES_DAYS,
            "default_days": DEFAULT_TOKEN_DAYS,
        },
        status=400 if errors else 200,
    )
    if new_key:
        # The key is in this page only: keep it out of every cache.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = api_token_get_for_user(user=request.user, pk=pk)
    api_token_revoke(token=token, user=request.user, request=request)
    messages.success(request, gettext("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api-tokens")


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """No such API route: the API's JSON error, not the HTML page."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)
