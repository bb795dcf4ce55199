"""Read an HTML form the way a browser submits it, so a benchmark write posts exactly what a
user's browser would (every field, inline management forms, checked boxes only)."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._fields = []
        if self._fields is None:
            return
        name = attributes.get("name")
        if tag == "input" and name and not _skipped(attributes):
            self._fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            fallback = [self._options[0][0]] if self._options else []
            self._fields.append((self._select, (chosen or fallback or [""])[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, self._text.strip("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def _skipped(attributes: dict) -> bool:
    kind = (attributes.get("type") or "text").lower()
    if kind in {"submit", "button", "image", "reset", "file"}:
        return True
    return kind in {"checkbox", "radio"} and "checked" not in attributes


def post_form_data(html: str) -> dict[str, str]:
    """The fields of the page's largest POST form (the record form, not the logout button)."""
    parser = _FormParser()
    parser.feed(html)
    if not parser.forms:
        raise ValueError("The page has no POST form.")
    return dict(max(parser.forms, key=len))
