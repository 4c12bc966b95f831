from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


@login_required
def home(request):
    if request.user.is_coordinator or request.user.is_observer:
        return redirect("dashboard:index")
    return render(request, "questionnaires/home.html", {})
