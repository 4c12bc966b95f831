"""Pages of the sealed archive: check a sealed report (upload, verdict), download a sealed copy.

Access as for reports: logged in; only the reports the user may see are looked up, so a report of
another member state is "not found" on the verify page and 404 on download.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from riskassess.archive.models import SealedReport
from riskassess.archive.verification import verify_pdf
from riskassess.audit.services import audit_log
from riskassess.reports.selectors import reports_visible_to

MAX_VERIFY_BYTES = 50 * 1024 * 1024


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Sealed report (PDF)"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(_("This file is too large to be a report."))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    verdict = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        verdict = verify_pdf(form.cleaned_data["file"].read(), user=request.user)
    status = 200 if verdict is None or verdict.ok else 422
    return render(request, "archive/verify.html", {"form": form, "verdict": verdict}, status=status)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    sealed = get_object_or_404(
        SealedReport.objects.select_related("report"),
        report__in=reports_visible_to(request.user),
        report_id=pk,
        status=SealedReport.Status.DONE,
    )
    try:
        handle = sealed.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("This sealed report file is missing.") from None
    audit_log(
        action="download",
        actor=request.user,
        obj=sealed.report,
        summary=f"Downloaded the sealed copy of report #{sealed.report_id} ({sealed.report.tlp})",
        data={"kind": sealed.report.kind, "sha256": sealed.sha256, "sealed": True},
        request=request,
    )
    response = FileResponse(handle, as_attachment=True, filename=sealed.filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
