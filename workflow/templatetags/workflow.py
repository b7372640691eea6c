"""{% workflow_status document %} and {% project_history project %}: the workflow's panels for any page."""

from django import template

from workflow.history import project_history as build_project_history
from workflow.transitions import workflow_state

register = template.Library()


@register.inclusion_tag("workflow/_status.html", takes_context=True)
def workflow_status(context, document):
    request = context["request"]
    return {
        "document": document,
        "workflow_state": workflow_state(document=document, user=request.user),
        "request": request,
    }


@register.inclusion_tag("workflow/_history.html")
def project_history(project):
    return {"history": build_project_history(project=project)}
