"""Template helper of the Details tab: ``{% read_value field %}`` shows a read-only field's
value with its links and the one empty mark (crm.admin.kit.read_values)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def read_value(context, field) -> str:
    # Imported on use: template libraries load while the apps (and crm.admin, which imports
    # unfold.admin) are still being set up.
    from crm.admin.kit.read_values import read_value as render_read_value

    return render_read_value(context.get("request"), field)
