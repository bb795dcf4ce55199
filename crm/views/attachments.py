"""The only way to read an attached file (SPEC §5 Privacy, §6 Attachment): a signed-in active
staff user who may view the record the file is attached to."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from crm.models import Attachment
from crm.services.attachments import can_download

NOT_ALLOWED = "you may not open the record this file is attached to, so not its file either."


def download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    if not can_download(request.user, attachment):
        raise PermissionDenied(NOT_ALLOWED)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_filename,
        content_type=attachment.mime_type or "application/octet-stream",
    )
    # Files are user content: never let a browser render them as part of this site.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
