from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


@login_required
def index(request):
    if not (request.user.is_coordinator or request.user.is_observer):
        raise Http404
    return render(request, "dashboard/index.html", {})


@login_required
def member_state(request):
    if not request.user.is_national:
        raise Http404
    return render(request, "dashboard/member_state.html", {})
