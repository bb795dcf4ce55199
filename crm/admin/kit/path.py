"""The Salesforce path of a record with a status (UI.md "Path").

Chevrons in order, then one action area. "Mark <Stage|Status> as Complete" moves to the
*next* chevron and never skips one; when the next chevron is set by something else (an
order's paid states follow its payments) the button names the step it does take ("Mark as
Fulfilled"), or is absent. Clicking a chevron only *selects* it (a plain ``?path=<value>``
link, so it works without JavaScript) and the button becomes "Mark as Current Stage": moving
always takes a second, deliberate click, which POSTs with the record's version (or opens the
step's own page when it needs more input — the Close or Convert page, a confirmation).

Alternative final outcomes (Closed Won / Closed Lost, Fulfilled / Cancelled …) share one last
chevron showing the one reached; won outcomes are drawn green, lost ones red.

What may be chosen comes from the entity's allowed transitions (``allowed_targets``), so the
path never offers what the services would refuse."""

from django.urls import reverse

from crm.services.transitions import NO_PERMISSION, REFUSED

PATH_PARAM = "path"  # ?path=<value> selects a chevron
GROUP_KEY = "closed"  # the final chevron's value before an outcome is reached


def _select_url(request, value: str | None) -> str:
    params = request.GET.copy()
    params.pop(PATH_PARAM, None)
    if value is not None:
        params[PATH_PARAM] = value
    query = params.urlencode()
    return f"?{query}" if query else request.path


class _Builder:
    def __init__(self, model_admin, request, obj):
        self.admin, self.request, self.obj = model_admin, request, obj
        field = obj._meta.get_field(model_admin.path_field)
        self.word = str(field.verbose_name).title()
        self.labels = {str(value): str(label) for value, label in field.choices}
        self.value = str(getattr(obj, model_admin.path_field))
        self.can_change = model_admin.has_change_permission(request, obj)
        self.allowed = model_admin.allowed_targets(request, obj) if self.can_change else set()
        self.final = tuple(str(v) for v in model_admin.path_final)
        self.lost = {str(v) for v in model_admin.path_lost}
        self.moves: dict[str, dict | None] = {}

    # --- one target state -------------------------------------------------------------------------
    def tone(self, value: str) -> str:
        if value in self.lost:
            return "lost"
        return "won" if value in self.final else ""

    def move(self, value: str) -> dict | None:
        """How this user reaches ``value`` now: a page to open (GET) or a POST; None if not."""
        if value not in self.moves:  # the chevrons and the complete button ask alike
            self.moves[value] = self._move(value)
        return self.moves[value]

    def _move(self, value: str) -> dict | None:
        if not self.can_change or not self.admin.is_path_stage_allowed(value, self.allowed):
            return None
        meta, pk = self.obj._meta, self.obj.pk
        page = self.admin.get_path_stage_url(self.obj, value)
        action = self.admin.path_actions.get(value)
        if page is None and action:
            # The header action's own rule (e.g. Accept only while no other quote is).
            check = getattr(self.admin, f"has_{action.removesuffix('_detail')}_permission", None)
            if check is not None and not check(self.request, str(pk)):
                return None
            page = reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[pk])
        if page is not None:
            return {"value": value, "url": page, "method": "get", "tone": self.tone(value)}
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_path", args=[pk, value])
        return {"value": value, "url": url, "method": "post", "tone": self.tone(value)}

    def refusal(self, value: str, label: str) -> str:
        if not self.can_change:
            return NO_PERMISSION.format(record=self.obj)
        if self.admin.path_refusal:
            return self.admin.path_refusal
        current = self.labels.get(self.value, self.value)
        return REFUSED.format(record=self.obj, current=current, target=label)

    # --- chevrons -------------------------------------------------------------------------------
    def steps(self) -> list[dict]:
        steps = [
            self.step(str(value), str(label), (str(value),))
            for value, label in self.admin.get_path_stages(self.request, self.obj)
        ]
        if len(self.final) > 1:
            reached = self.value if self.value in self.final else None
            label = self.labels[reached] if reached else self.final_label()
            steps.append(self.step(reached or GROUP_KEY, label, self.final))
        elif self.final and all(step["value"] != self.final[0] for step in steps):
            steps.append(self.step(self.final[0], self.labels[self.final[0]], self.final))
        return steps

    def final_label(self) -> str:
        if self.admin.path_final_label:
            return self.admin.path_final_label
        return " / ".join(self.labels[value] for value in self.final)

    def step(self, value: str, label: str, targets: tuple[str, ...]) -> dict:
        outcomes = [self.labels.get(target, target) for target in targets]
        choices = [] if self.value in targets else self.choices(targets)
        return {
            "value": value,
            "label": label,
            "targets": targets,
            "tone": self.tone(value),
            "allowed": bool(choices),
            "hint": self.admin.get_path_hint(value) or " / ".join(outcomes),
            "select_url": _select_url(self.request, value),
            "choices": choices,
            "refusal": "" if choices else self.refusal(value, label),
        }

    def choices(self, targets: tuple[str, ...]) -> list[dict]:
        """The buttons of a selected chevron: "Mark as Current Stage" for one state; for the
        final chevron one per allowed outcome, or one "Select Closed Stage" when a single page
        (the opportunity's Close page) asks which."""
        moves = [move for move in map(self.move, targets) if move]
        if len(targets) == 1:
            return [{**move, "label": f"Mark as Current {self.word}"} for move in moves]
        if len(moves) > 1 and len({move["url"] for move in moves}) == 1:
            label = f"Select {self.final_label()} {self.word}"
            return [{**moves[0], "tone": "", "label": label}]
        return [{**move, "label": f"Mark as {self.labels[move['value']]}"} for move in moves]


def _states(steps: list[dict], value: str) -> int:
    """Marks each step complete / current / future; returns the current step's index."""
    current = next((i for i, step in enumerate(steps) if value in step["targets"]), len(steps))
    for index, step in enumerate(steps):
        if index == current:
            step["state"] = "current"
        else:
            step["state"] = "complete" if index < current else "future"
    return current


def _complete_button(builder: _Builder, steps: list[dict], current: int) -> dict | None:
    """The next step's move; past steps nobody may choose by hand, named explicitly."""
    for offset, step in enumerate(steps[current + 1 :]):
        moves = [builder.move(target) for target in step["targets"]]
        moves = [move for move in moves if move and move["tone"] != "lost"]
        if not moves:
            continue
        move = moves[0]
        if offset == 0:
            return {**move, "label": f"Mark {builder.word} as Complete"}
        return {**move, "label": f"Mark as {builder.labels.get(move['value'], move['value'])}"}
    return None


def build_path(model_admin, request, obj) -> dict | None:
    """The path's context: chevrons, the selected one (``?path=``) and the action buttons."""
    if not model_admin.path_field or obj is None or obj.pk is None:
        return None
    builder = _Builder(model_admin, request, obj)
    steps = builder.steps()
    current = _states(steps, builder.value)
    wanted = request.GET.get(PATH_PARAM, "")
    selected = next(
        (s for s in steps if wanted in (s["value"], *s["targets"]) and s["state"] != "current"),
        None,
    )
    for step in steps:
        step["selected"] = step is selected
    reached = steps[current]["tone"] if current < len(steps) else ""
    return {
        "field": model_admin.path_field,
        "word": builder.word,
        "version": getattr(obj, "version", None),
        "stages": steps,
        "selected": selected,
        "next_stage": _complete_button(builder, steps, current),
        "outcome": reached,
        "clear_url": _select_url(request, None),
    }
