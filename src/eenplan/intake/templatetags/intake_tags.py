from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from ..queries import NEARLY_DUE_DAYS

register = template.Library()

BADGE = (
    '<span class="eenplan-term">{} <span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>'
    "</span>"
)


@register.simple_tag
def term_status(term, today):
    """Days left on a term, with the urgency a caseload must make stand out. Built here rather than in a
    template of its own: the caseload shows up to 50 terms, and each template took half a millisecond."""
    name_and_end = format_html("{}: {}", term.definition.name, date_format(term.due_on, "j M Y"))
    if term.status != "running":
        return format_html(BADGE, name_and_end, "neutral", term.get_status_display())
    days_left = term.days_left(today)
    if days_left < 0:
        tone = "danger"
        text = ngettext("%(days)s dag te laat", "%(days)s dagen te laat", -days_left) % {"days": -days_left}
    elif days_left == 0:
        tone, text = "warning", gettext("vandaag")
    else:
        tone = "warning" if days_left <= NEARLY_DUE_DAYS else "neutral"
        text = ngettext("nog %(days)s dag", "nog %(days)s dagen", days_left) % {"days": days_left}
    return format_html(BADGE, name_and_end, tone, text)
