"""A case's Solutions and Articles cards, and the pages behind their buttons: "Link Solution"
and "Link Article" (search, then link one), "New Solution" (the solution form, created and
linked in one step by SolutionAdmin) and each row's "Remove" (a confirmation). Every write
goes through ``crm.services.cases`` with the case's version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from crm.admin.kit.attachments import attachments_related_list
from crm.admin.kit.confirm import (
    MISSING_VERSION,
    REFUSALS,
    Confirmation,
    confirm_record,
    parse_version,
)
from crm.admin.kit.feedback import report_error
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.urls import problem, wrap_not_found
from crm.ids import parse_id
from crm.models.knowledge import KnowledgeArticle
from crm.models.support import Solution
from crm.objects import style_of
from crm.selectors import cases as case_selectors
from crm.selectors import knowledge as knowledge_selectors
from crm.services import cases as services

LINK_TEMPLATE = "crm/admin/case_link.html"
SEARCH_LENGTH = 100


class LinkKind:
    """What a case links: its model, label, services and the search of candidates."""

    def __init__(self, key, model, label, link, unlink, candidates, new_url=None):
        self.key, self.model, self.label = key, model, label
        self.link, self.unlink, self.candidates = link, unlink, candidates
        self.new_url = new_url


def _new_solution_url(case) -> str:
    return f"{reverse('admin:crm_solution_add')}?cases={case.pk}"


KINDS = {
    "solution": LinkKind(
        "solution",
        Solution,
        "Solution",
        lambda case, item, **kw: services.link_solution(case, solution=item, **kw),
        lambda case, item, **kw: services.unlink_solution(case, solution=item, **kw),
        case_selectors.linkable_solutions,
        new_url=_new_solution_url,
    ),
    "article": LinkKind(
        "article",
        KnowledgeArticle,
        "Article",
        lambda case, item, **kw: services.link_article(case, article=item, **kw),
        lambda case, item, **kw: services.unlink_article(case, article=item, **kw),
        knowledge_selectors.linkable_articles,
    ),
}


def _remove_links(kind: str):
    def links(request, case, row) -> list[tuple[str, str]]:
        if not request.user.has_perm("crm.change_case"):
            return []
        return [("Remove", reverse(f"admin:crm_case_unlink_{kind}", args=[case.pk, row.pk]))]

    return links


def _link_button(kind: str):
    def extra(request, case) -> dict:
        if not request.user.has_perm("crm.change_case"):
            return {}
        return {
            "url": reverse(f"admin:crm_case_link_{kind}", args=[case.pk]),
            "label": f"Link {KINDS[kind].label}",
        }

    return extra


def solutions_related_list() -> RelatedList:
    return RelatedList(
        key="solutions",
        title="Solutions",
        icon=style_of("solution").icon,
        color=style_of("solution").color,
        rows=case_selectors.case_solutions,
        parent_field="cases",
        new_label="New Solution",
        columns=(Column("Title", "title", link=True), Column("Status", "get_status_display")),
        extra_template="crm/admin/case_link_button.html",
        extra_context=_link_button("solution"),
        row_actions=_remove_links("solution"),
    )


def articles_related_list() -> RelatedList:
    return RelatedList(
        key="articles",
        title="Articles",
        icon=style_of("knowledgearticle").icon,
        color=style_of("knowledgearticle").color,
        rows=case_selectors.case_articles,
        parent_field="cases",
        allow_new=False,  # articles are written in the knowledge base, then linked
        columns=(
            Column("Title", "title", link=True),
            Column("Summary", "summary"),
            Column("Version", "version_number"),
        ),
        extra_template="crm/admin/case_link_button.html",
        extra_context=_link_button("article"),
        row_actions=_remove_links("article"),
    )


class CaseLinksMixin:
    related_lists = (solutions_related_list(), articles_related_list(), attachments_related_list())

    def get_urls(self):
        routes = []
        for kind in KINDS:
            routes += [
                path(
                    f"<pk:object_id>/link-{kind}/",
                    self._view(self.link_view, kind),
                    name=f"crm_case_link_{kind}",
                ),
                path(
                    f"<pk:object_id>/unlink-{kind}/<int:item_id>/",
                    self._view(self.unlink_view, kind),
                    name=f"crm_case_unlink_{kind}",
                ),
            ]
        return routes + super().get_urls()

    def _view(self, view, kind):
        def bound(request, object_id, **kwargs):
            return view(request, object_id, kind=KINDS[kind], **kwargs)

        return self.admin_site.admin_view(wrap_not_found(self, bound))

    def _editable_case(self, request, object_id):
        case = self.get_record_or_404(object_id)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def link_view(self, request, object_id, *, kind: LinkKind):
        """GET: search the candidates. POST (id + the case's version): link one."""
        case = self._editable_case(request, object_id)
        if request.method == "POST":
            return self._link(request, case, kind)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        term = request.GET.get("q", "")[:SEARCH_LENGTH]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Link {kind.label.lower()} to {case}",
            "object": case,
            "kind": kind,
            "term": term,
            "candidates": kind.candidates(case, term=term),
            "new_url": kind.new_url(case) if kind.new_url else None,
            "cancel_url": f"{self.record_url(case)}#related",
        }
        return TemplateResponse(request, LINK_TEMPLATE, context)

    def _link(self, request, case, kind: LinkKind):
        version = parse_version(request.POST)
        raw = request.POST.get("item", "")
        if version is None:
            return problem(self, request, MISSING_VERSION, status=400)
        item_id = parse_id(raw)
        item = kind.model._base_manager.filter(pk=item_id).first() if item_id else None
        if item is None:
            messages.error(request, f"That {kind.label.lower()} no longer exists.")
            return HttpResponseRedirect(request.get_full_path())
        try:
            kind.link(case, item, user=request.user, version=version)
        except REFUSALS as exc:
            report_error(request, exc)
            return HttpResponseRedirect(request.get_full_path())
        messages.success(request, f"{kind.label} '{item}' was linked to {case}.")
        return HttpResponseRedirect(f"{self.record_url(case)}#related")

    def unlink_view(self, request, object_id, *, kind: LinkKind, item_id: int):
        case = self._editable_case(request, object_id)
        item = kind.model._base_manager.filter(pk=item_id).first()
        if item is None:
            return problem(self, request, f"That {kind.label.lower()} does not exist.", status=404)
        named = str(item).replace("{", "{{").replace("}", "}}")  # the question is a template
        confirmation = Confirmation(
            verb="Remove",
            question=f"Remove the {kind.label.lower()} '{named}' from {{record}}?",
            done=f"no longer links '{item}'",
            run=lambda request, record, *, version, data: kind.unlink(
                record, item, user=request.user, version=version
            ),
        )
        return confirm_record(self, request, case, confirmation)
