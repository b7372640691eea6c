from django import template

register = template.Library()


@register.filter
def percent(rate):
    """预算执行率 as printed: 0.90909… -> 90.91%; blank while it cannot be computed."""
    if rate is None:
        return ""
    return f"{rate * 100:.2f}%"
