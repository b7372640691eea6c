from django import template

from projects.money import format_money

register = template.Library()


@register.filter
def money(value):
    """{{ project.budget|money }} -> 7.70"""
    return format_money(value)


@register.filter
def money_or_blank(value):
    """{{ project.other_funds|money_or_blank }} -> "" for zero."""
    return format_money(value, blank_zero=True)
