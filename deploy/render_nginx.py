"""Fill deploy/nginx.conf's ${CRM_...} placeholders from the environment and print the result.

Only ${CRM_*} names are replaced (nginx's own $variables stay); a placeholder whose variable
is unset is an error, so a half-filled config never reaches nginx. The official nginx image
does the same with envsubst at start (docker-compose.yml); deploy/drill and operators on a
plain machine use this:  CRM_APP_1=10.0.0.11:8000 ... python deploy/render_nginx.py \\
deploy/nginx.conf > /etc/nginx/conf.d/crm.conf"""

import os
import re
import sys

PLACEHOLDER = re.compile(r"\$\{(CRM_[A-Z0-9_]+)\}")


def render(template: str, environ) -> str:
    missing = sorted({name for name in PLACEHOLDER.findall(template) if not environ.get(name)})
    if missing:
        raise SystemExit(f"render_nginx: set {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: environ[match.group(1)], template)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python deploy/render_nginx.py deploy/nginx.conf")
    with open(sys.argv[1], encoding="utf-8") as template:
        sys.stdout.write(render(template.read(), os.environ))
