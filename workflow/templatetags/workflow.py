"""{% workflow_status document %}, {% rollover_checklist document %} and {% project_history project %}: the
workflow's panels for any page."""

from django import template

from projects.access import Action, user_may
from workflow.history import project_history as build_project_history
from workflow.models import RolloverChecklist
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


@register.inclusion_tag("workflow/_checklist.html", takes_context=True)
def rollover_checklist(context, document):
    """The checklist a rollover left on this draft, until someone marks it done."""
    request = context["request"]
    return {
        "document": document,
        "checklist": RolloverChecklist.objects.filter(document=document, done_at__isnull=True).first(),
        "may_mark_done": user_may(request.user, Action.EDIT, document),
        "request": request,
    }


@register.inclusion_tag("workflow/_history.html")
def project_history(project):
    return {"history": build_project_history(project=project)}
