from django import template

from ..queries import NEARLY_DUE_DAYS

register = template.Library()


@register.inclusion_tag("intake/partials/term_status.html")
def term_status(term, today):
    """Days left on a term, with the urgency a caseload must make stand out."""
    days_left = term.days_left(today)
    if term.status != "running":
        tone = "neutral"
    elif days_left < 0:
        tone = "danger"
    elif days_left <= NEARLY_DUE_DAYS:
        tone = "warning"
    else:
        tone = "neutral"
    return {"term": term, "days_left": days_left, "overdue_days": -days_left, "tone": tone}
