"""{{ field|shown_value }}: what a field holds, as text, for pages the reader may not change."""

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

register = template.Library()


def _choice_labels(choices) -> dict[str, str]:
    labels = {}
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            labels.update(_choice_labels(label))
        else:
            labels[str(value)] = str(label)
    return labels


@register.filter
def shown_value(field):
    """The value of a bound field as the reader would read it: a choice's label, a text with its line breaks,
    an amount as typed; nothing for an empty field (no placeholder pretends there is something to fill in)."""
    value = field.field.prepare_value(field.value())
    if value in (None, ""):
        return ""
    if hasattr(field.field, "choices"):
        return _choice_labels(field.field.choices).get(str(value), str(value))
    if getattr(field.field.widget, "input_type", None) is None:  # a textarea
        return mark_safe(linebreaks(value, autoescape=True))
    return str(value)
