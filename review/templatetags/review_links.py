"""{% finding_url finding %}: where on the editing pages a review finding's problem can be fixed."""

from django import template
from django.urls import reverse

register = template.Library()

# Fields a finding names that are a section of a page rather than one input.
SECTIONS = {"plan": "plan", "indicators": "indicators", "goals": "goals-overall"}


@register.simple_tag(takes_context=True)
def finding_url(context, finding) -> str:
    """The project editor at the row or field concerned; for a document finding, the document page (which the
    template's `document` names). Empty when there is nowhere to point."""
    if finding.project is not None:
        url = reverse("projects:project_edit", args=[finding.project.pk])
        if finding.indicator is not None:
            return f"{url}#indicator-{finding.indicator.pk}"
    else:
        document = context.get("document")
        if document is None:
            return ""
        url = reverse("projects:document", args=[document.department.code, document.year])
    if finding.field:
        return f"{url}#{SECTIONS.get(finding.field, f'id_{finding.field}')}"
    return url
