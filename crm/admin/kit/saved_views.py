"""Save as view… and Delete for list views (issue 23): the two small POST endpoints behind the
list header's form and the ✕ of a saved view in the selector; both answer with a toast and
a redirect to the list, never a 500."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.urls import path as url_path
from django.urls import reverse

from crm.admin.kit.feedback import report_error
from crm.errors import BusinessRuleError
from crm.services import list_views as services

VIEW_PARAM = "view"
SAVED = "View '{name}' was saved."
DELETED = "View '{name}' was deleted."


class SavedViewsMixin:
    """URLs ``<list>/views/save/`` and ``<list>/views/<id>/delete/``; needs ``list_key``."""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [
            url_path(
                "views/save/",
                self.admin_site.admin_view(self.save_list_view_view),
                name="{}_{}_save_list_view".format(*info),
            ),
            url_path(
                "views/<int:view_id>/delete/",
                self.admin_site.admin_view(self.delete_list_view_view),
                name="{}_{}_delete_list_view".format(*info),
            ),
        ]
        return extra + super().get_urls()

    def _url(self, name: str, *args) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args)

    def _changelist_url(self) -> str:
        return self._url("changelist")

    def save_list_view_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.POST.get("query", "")
        try:
            saved = services.save_list_view(
                user=request.user,
                list_key=self.list_key,
                name=request.POST.get("name", ""),
                query=query,
                shared=request.POST.get("shared") == "1",
            )
        except BusinessRuleError as exc:
            report_error(request, exc)
            return HttpResponseRedirect(f"{self._changelist_url()}?{services.clean_query(query)}")
        services.remember_list_view(
            user=request.user, list_key=self.list_key, view_key=str(saved.pk)
        )
        messages.success(request, SAVED.format(name=saved.name))
        params = QueryDict(saved.query, mutable=True)
        params[VIEW_PARAM] = str(saved.pk)
        return HttpResponseRedirect(f"{self._changelist_url()}?{params.urlencode()}")

    def delete_list_view_view(self, request, view_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            name = services.delete_list_view(
                user=request.user, view_id=view_id, list_key=self.list_key
            )
        except BusinessRuleError as exc:
            report_error(request, exc)
        else:
            messages.success(request, DELETED.format(name=name))
        return HttpResponseRedirect(self._changelist_url())
