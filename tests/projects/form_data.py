"""Turn the forms a page rendered back into the POST data a browser would send, so tests change only what
they mean to change."""


def form_data(*items) -> dict:
    data = {}
    for item in items:
        if hasattr(item, "management_form"):
            data.update(form_data(item.management_form, *item.forms))
            continue
        for name, field in item.fields.items():
            value = field.prepare_value(item[name].value())
            if value is None or value is False:
                continue
            data[item.add_prefix(name)] = "on" if value is True else value
    return data


def page_data(response) -> dict:
    """Everything the page's edit form would post, as rendered."""
    context = response.context
    if "goal_formsets" in context:
        return form_data(context["form"], *context["goal_formsets"])
    return form_data(context["form"], context["formset"])


def indicator_key(index: int, name: str) -> str:
    return f"indicators-{index}-{name}"
