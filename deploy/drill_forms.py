"""What a browser would submit: the fields of one HTML form, read with the standard library.
Used by deploy/locustfile.py and deploy/drill_checks.py (no third-party HTML parser needed)."""

import re
from html.parser import HTMLParser

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _FormFields(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = {name: value or "" for name, value in attrs}
        if tag == "form":
            classes = attr.get("class", "").split()
            self.inside = attr.get("id") == self.form_id or self.form_id in classes
        if not self.inside or not attr.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attr.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attr:
                return
            self.fields[attr["name"]] = attr.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select, self._select_first = attr["name"], None
        elif tag == "option" and self._select:
            value = attr.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attr:
                self.fields[self._select] = value
        elif tag == "textarea":
            self._textarea = attr["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if self._select not in self.fields and self._select_first is not None:
                self.fields[self._select] = self._select_first  # what a browser sends
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.inside:
            # Browsers drop the newline that directly follows <textarea>.
            text = self.fields[self._textarea] + data
            self.fields[self._textarea] = text[1:] if text.startswith("\n") else text


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """The fields of the form whose id (or one of whose classes) is ``form_id``."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def csrf_token(html: str) -> str | None:
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else None
