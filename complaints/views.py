from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from org.access import back_office_required


@login_required
@back_office_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The agent's workbench: the complaint lists arrive with the complaint lifecycle (step 2 onwards)."""
    return render(request, "complaints/workbench.html", {})
