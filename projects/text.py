"""Control characters (ESC, NUL, the C1 range …) have no place in a budget document: typed or pasted text is
refused with the field's name, and whatever is already stored is dropped on the way out, since Excel's XML
cannot hold it at all."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Tab, line feed and carriage return are ordinary text; every other C0 character, DEL and C1 is not.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_plain_text(value, *, label="") -> None:
    """Raises ValidationError naming the field (label) and the first control character found."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _("“%(field)s”含有不可见的控制字符（U+%(code)04X），请删除后重新填写。"),
            code="control_characters",
            params={"field": label or _("文本"), "code": ord(found.group())},
        )


def without_control_characters(value):
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class PlainTextModel(models.Model):
    """Every text field of the model refuses control characters in full_clean(), so the admin, the browser
    forms and anything else that validates the model meet the same rule as the Excel import."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.name in (exclude or ()):
                continue
            try:
                validate_plain_text(getattr(self, field.attname), label=field.verbose_name)
            except ValidationError as exc:
                errors.setdefault(field.name, []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
