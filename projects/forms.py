"""Browser forms for a document (cover, checkpoint months, goals) and a project (funds, plan, indicators).

The forms only shape input: every rule is checked by projects.rules, indicators.catalog and the models'
clean(), so a message reads the same here as in the admin and the Excel importer.
"""

import re
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from indicators.catalog import Catalog
from indicators.models import BASIS_NAMES, Indicator
from projects import rules
from projects.models import DepartmentGoal, Document, Project

PROJECT_CODE_HELP = _(
    "21位：6位行政区划码（正定县为130123）＋2位年度（2022年为22）＋字母P＋11位项目编号＋1位校验码"
    "（数字或大写字母），如 130123 22 P 00258110692 8 连写为 13012322P002581106928。"
)
# The <datalist> the editor offers for 指标值确定依据; BASIS_SUGGESTIONS fills it.
BASIS_LIST_ID = "basis-suggestions"
BASIS_SUGGESTIONS = [*BASIS_NAMES, "其他："]
SNAPSHOT_SALT = "projects.edit-snapshot"
_MONTH_SEPARATORS = re.compile(r"[\s,，、;；]+")


class RevisionMixin(forms.Form):
    """The revision the user started from, and a signed snapshot of what they saw, for conflict messages."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("revision", self.instance.revision)

    def clean_snapshot(self):
        return read_snapshot(self.cleaned_data.get("snapshot"))


def sign_snapshot(snapshot: dict) -> str:
    return signing.dumps(snapshot, salt=SNAPSHOT_SALT, compress=True)


def read_snapshot(raw: str | None) -> dict | None:
    """The snapshot a page was rendered with; None when missing or tampered with (the conflict then lists all)."""
    if not raw:
        return None
    try:
        return signing.loads(raw, salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None


def form_values(form, *, skip=()) -> dict[str, str]:
    """What an unbound form shows in each field, keyed by field name, as the browser posts it back unchanged."""
    values = {}
    for field in form:
        if field.name not in RevisionMixin.base_fields and field.name not in skip:
            value = field.field.prepare_value(field.value())
            values[field.name] = "" if value is None else str(value)
    return values


def _row_values(formset) -> dict[str, dict[str, str]]:
    skip = ("id", "DELETE", formset.fk.name)
    return {str(form.instance.pk): form_values(form, skip=skip) for form in formset.initial_forms}


def edit_snapshot(shown: dict, form, *formsets) -> str:
    """The signed snapshot an edit page carries: what it showed (for the list of changes) and each field's value
    (to tell after a conflict which fields the user left alone)."""
    return sign_snapshot({**shown, "form": form_values(form), "rows": {fs.prefix: _row_values(fs) for fs in formsets}})


def _fields_seen_before(data, *, before: dict, form, formsets):
    """Each field of a page the user started from, as (row id, field name, posted key, value shown then, value
    stored now); the main form's fields have row id ""; rows are matched by id."""
    now = form_values(form)
    for name, shown in before.get("form", {}).items():
        if name in now:
            yield "", name, form.add_prefix(name), shown, now[name]
    for formset in formsets:
        rows_before = before.get("rows", {}).get(formset.prefix, {})
        rows_now = _row_values(formset)
        for index in range(int(data.get(f"{formset.prefix}-TOTAL_FORMS") or 0)):
            pk = data.get(f"{formset.prefix}-{index}-id", "")
            if pk not in rows_before or pk not in rows_now:
                continue
            for name, shown in rows_before[pk].items():
                if name in rows_now[pk]:
                    yield pk, name, f"{formset.prefix}-{index}-{name}", shown, rows_now[pk][name]


def _posted(data, key: str) -> str:
    return data.get(key, "").replace("\r\n", "\n")


def keep_their_untouched_values(data, *, before: dict | None, form, formsets=()) -> None:
    """After a conflict: fields the user left as they found them take the other person's values, so saving
    again does not quietly undo those; everything the user changed stays as typed.

    `form` and `formsets` are unbound and show what is stored now; rows are matched by id.
    """
    if not before:
        return
    for _pk, _name, key, shown, now in list(_fields_seen_before(data, before=before, form=form, formsets=formsets)):
        if _posted(data, key) == shown:
            data[key] = now


def changed_by_both(data, *, before: dict | None, form, formsets=()) -> set[tuple[str, str]]:
    """After a conflict: the fields the user changed that the other person changed too, as (row id, field name),
    row id "" for the main form. `data` is the POST as sent; `form` and `formsets` show what is stored now."""
    if not before:
        return set()
    return {
        (pk, name)
        for pk, name, key, shown, now in _fields_seen_before(data, before=before, form=form, formsets=formsets)
        if now != shown and _posted(data, key) != shown
    }


def mark_changed_by_both(both: set[tuple[str, str]], form, formsets=()) -> None:
    """Highlights, in the bound forms shown after a conflict, the fields both people changed."""
    targets = [("", form)] + [(str(row.instance.pk), row) for fs in formsets for row in fs.forms if row.instance.pk]
    for pk, target in targets:
        for name, field in target.fields.items():
            if (pk, name) in both:
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} changed-by-both".strip()
                field.widget.attrs["title"] = str(_("您和对方都修改了此项"))


def posted_revision(data) -> int | None:
    try:
        return int(data.get("revision", ""))
    except ValueError:
        return None


def without_vanished_rows(data, *, prefix: str, existing_ids) -> None:
    """Rows someone else deleted meanwhile become new rows, so what the user typed in them is not lost.

    `data` is a mutable copy of the POST; the vanished rows are moved behind the formset's initial forms
    (which must each match a stored row) and lose their id.
    """
    existing = {str(pk) for pk in existing_ids}
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
    rows = [
        {key[len(f"{prefix}-{i}-") :]: data.getlist(key) for key in data if key.startswith(f"{prefix}-{i}-")}
        for i in range(total)
    ]
    vanished = [i for i in range(min(initial, total)) if rows[i].get("id", [""])[0] not in existing]
    if not vanished:
        return
    order = [i for i in range(initial) if i not in vanished] + vanished + list(range(initial, total))
    for key in [key for key in data if re.match(rf"{re.escape(prefix)}-\d+-", key)]:
        del data[key]
    for new_index, old_index in enumerate(order):
        for name, values in rows[old_index].items():
            if not (name == "id" and old_index in vanished):
                data.setlist(f"{prefix}-{new_index}-{name}", values)
    data[f"{prefix}-INITIAL_FORMS"] = str(initial - len(vanished))


class CheckpointMonthsField(forms.CharField):
    """资金支出计划时间节点 typed as "3, 6, 10, 12"; the months themselves are checked by the rule in the model."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(month) for month in value)
        return value

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return []
        parts = [part for part in _MONTH_SEPARATORS.split(text) if part]
        if not all(part.isdigit() for part in parts):
            raise ValidationError(
                _("资金支出计划时间节点“%(value)s”无法识别：请填写用逗号分隔的月份，如 3, 6, 10, 12。"),
                code="invalid",
                params={"value": text},
            )
        return [int(part) for part in parts]


class DocumentForm(RevisionMixin, forms.ModelForm):
    checkpoint_months = CheckpointMonthsField(
        label=_("资金支出计划时间节点（月）"),
        required=False,
        help_text=_("各节点为该月月底，按月份从小到大，最后一个为12，如 3, 6, 10, 12。"),
    )

    class Meta:
        model = Document
        fields = ["prepared_by", "approving_authority", "checkpoint_months"]


class RowForm(forms.ModelForm):
    """A row of an editable list; a blank row whose only input is its position (set by the page script) is empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Grid cells have no <label> of their own; the column heading is read out instead.
            field.widget.attrs.setdefault("aria-label", str(field.label))
        self.fields["position"].required = False
        if self.instance.pk is None:
            # A new row has no place yet: left blank it goes to the end, rather than to the top as 0 would.
            self.fields["position"].initial = None
            self.initial.pop("position", None)

    def has_changed(self):
        return any(name not in ("position", "DELETE") for name in self.changed_data)

    def _post_clean(self):
        if self.instance.pk is None or self.has_changed():
            super()._post_clean()
            return
        # A stored row left as it was met the model's rules when it was saved. Checking them again costs one
        # query per database constraint and row, so a save would cost more the more rows a project has; only
        # its place (position) is taken over.
        construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class StoredRowField(forms.ModelChoiceField):
    """The hidden id of a stored row, found among the rows the formset has already read (Django's own field
    asks the database once per row); an id that is not one of them is an invalid choice."""

    def __init__(self, *args, rows: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.rows[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class OrderedRowsMixin:
    """The formset's rows in the order the user gave them with the position field."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields[name]
        rows = {row.pk: row for row in self.get_queryset()}
        form.fields[name] = StoredRowField(
            field.queryset, rows=rows, initial=field.initial, required=False, widget=field.widget
        )

    def kept_in_order(self) -> list:
        """Rows to keep, by the position typed; rows with no position go last, in page order."""
        kept = [f for f in self.forms if (f.has_changed() or f.instance.pk) and f not in self.deleted_forms]

        def typed_order(pair):
            index, form = pair
            position = form.cleaned_data.get("position")
            return (position is None, position or 0, index)

        return [form.instance for _, form in sorted(enumerate(kept), key=typed_order)]

    def removed(self) -> list:
        return [f.instance for f in self.deleted_forms if f.instance.pk]


class GoalForm(RowForm):
    class Meta:
        model = DepartmentGoal
        fields = ["text", "position"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "position": forms.NumberInput(attrs={"class": "position", "min": 0}),
        }


class BaseGoalFormSet(OrderedRowsMixin, BaseInlineFormSet):
    """One of the three goal lists of a document; `kind` says which."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("prefix", f"goals-{kind}")
        kwargs["queryset"] = DepartmentGoal.objects.filter(kind=kind).order_by("position", "id")
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.kind = self.kind
        return form


GoalFormSet = inlineformset_factory(
    Document, DepartmentGoal, form=GoalForm, formset=BaseGoalFormSet, extra=1, can_delete=True
)


class ProjectForm(RevisionMixin, forms.ModelForm):
    """A project's codes, funds, purpose and goal, plus one field per checkpoint of the spending plan."""

    class Meta:
        model = Project
        fields = ["unit", "project_type", "code", "name", "budget", "fiscal_funds", "other_funds", "purpose", "goal"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, document: Document, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.months = list(document.checkpoint_months)
        self.fields["unit"].queryset = document.department.units.all()
        self.fields["unit"].empty_label = None
        if self.instance.unit_id is None:
            # Most departments have a single unit (本级); offer it rather than a blank choice.
            self.initial["unit"] = self.fields["unit"].queryset.values_list("pk", flat=True).first()
        stored = {e.month: e.amount for e in self.instance.plan_entries.all()} if self.instance.pk else {}
        for month in self.months:
            self.fields[self.plan_field(month)] = forms.DecimalField(
                label=_("%(month)s月底") % {"month": month},
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=stored.get(month),
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "money"}),
            )
        for name in ("budget", "fiscal_funds", "other_funds"):
            self.fields[name].widget.attrs.update({"step": "0.01", "class": "money"})
        code = self.fields["code"]
        code.help_text = PROJECT_CODE_HELP
        code.widget.attrs.update(
            {"aria-describedby": f"id_{self.add_prefix('code')}_help", "placeholder": "13012322P002581106928"}
        )

    @staticmethod
    def plan_field(month: int) -> str:
        return f"plan_{month}"

    @property
    def plan_fields(self):
        return [self[self.plan_field(month)] for month in self.months]

    def plan_amounts(self) -> dict[int, Decimal | None]:
        return {month: self.cleaned_data.get(self.plan_field(month)) for month in self.months}

    def clean(self):
        cleaned = super().clean()
        budget = cleaned.get("budget")
        if budget is not None and not any(self.has_error(self.plan_field(m)) for m in self.months):
            for month, messages in rules.check_plan(budget, self.plan_amounts(), self.months).items():
                self.add_error(self.plan_field(month), messages)
        return cleaned


class IndicatorForm(RowForm):
    """One 三级指标 row; 一级 and 二级 are chosen by name and resolved through the document's catalog."""

    category = forms.ChoiceField(label=_("一级指标"))
    subcategory_name = forms.ChoiceField(label=_("二级指标"))

    class Meta:
        model = Indicator
        fields = ["name", "description", "value_text", "basis", "position", "origin", "library_entry"]
        widgets = {
            # Set by the suggestion list of the page script; without it a row is typed by hand.
            "origin": forms.HiddenInput,
            "library_entry": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "position": forms.NumberInput(attrs={"class": "position", "min": 0}),
        }

    def __init__(self, *args, catalog: Catalog, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        blank = [("", "---------")]
        self.fields["category"].choices = blank + [(name, name) for name in catalog.category_names]
        grouped: dict[str, list] = {}
        for sub in catalog.subcategories:
            grouped.setdefault(sub.category.name, []).append((sub.name, sub.name))
        self.fields["subcategory_name"].choices = blank + list(grouped.items())
        # Posted by the page; a client that leaves it out keeps what the row had (typed, for a new row).
        self.fields["origin"].required = False
        self.fields["value_text"].widget.attrs["placeholder"] = _("如 ≥90、≤5天、100%")
        # A suggestion list, not a choice: departments write 其他, 其他：专家论证 or a named standard as they see fit.
        self.fields["basis"].widget.attrs.update(list=BASIS_LIST_ID, placeholder=_("如 行业标准、其他：专家论证"))
        if self.instance.subcategory_id:
            self.initial.setdefault("category", self.instance.subcategory.category.name)
            self.initial.setdefault("subcategory_name", self.instance.subcategory.name)

    def clean_origin(self):
        return self.cleaned_data["origin"] or self.instance.origin

    def clean(self):
        cleaned = super().clean()
        category, subcategory = cleaned.get("category"), cleaned.get("subcategory_name")
        if category and subcategory:
            try:
                self.instance.subcategory = self.catalog.resolve(category, subcategory)
            except ValidationError as exc:
                self.add_error("subcategory_name", exc)
        return cleaned


class BaseIndicatorFormSet(OrderedRowsMixin, BaseInlineFormSet):
    def __init__(self, *args, catalog: Catalog, **kwargs):
        kwargs.setdefault("prefix", "indicators")
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "catalog": catalog}
        kwargs["queryset"] = Indicator.objects.select_related("subcategory__category").order_by("position", "id")
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Rows are numbered as the page shows them, so "第3行三级指标不能为空" points at the right row.
        form.row_number = i + 1
        for field in form.fields.values():
            field.error_messages["required"] = _("第%(row)s行%(label)s不能为空。") % {
                "row": form.row_number,
                "label": field.label,
            }
        return form


IndicatorFormSet = inlineformset_factory(
    Project, Indicator, form=IndicatorForm, formset=BaseIndicatorFormSet, extra=1, can_delete=True
)


def _summary_text(message: str, code: str | None, *, label: str = "", row: int | None = None) -> str:
    if code == "required" and row is not None:
        return message  # it already names its row
    if row is None:
        return f"{label}：{message}" if label else message
    if label:
        return _("第%(row)s行%(label)s：%(message)s") % {"row": row, "label": label, "message": message}
    return _("第%(row)s行：%(message)s") % {"row": row, "message": message}


def error_summary(form, *formsets, page_anchor: str) -> list[tuple[str, str]]:
    """Every error of an edit page as (id of the element to jump to, message), in page order.

    Field errors point at their field, a row's other errors at the row's first field, the rest at page_anchor.
    """
    summary = []

    def add(errors, *, anchor: str, label: str = "", row: int | None = None) -> None:
        for error in errors:
            for message in error.messages:
                summary.append((anchor, _summary_text(message, error.code, label=label, row=row)))

    for name, errors in form.errors.as_data().items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            add(errors, anchor=form[name].auto_id, label=form[name].label)
        else:
            add(errors, anchor=page_anchor)
    for formset in formsets:
        for row in formset.forms:
            first = row.visible_fields()[0].auto_id
            for name, errors in row.errors.as_data().items():
                if name in row.fields and not row.fields[name].widget.is_hidden:
                    add(errors, anchor=row[name].auto_id, label=row[name].label, row=row.row_number)
                else:
                    add(errors, anchor=first, row=row.row_number)
        add(formset.non_form_errors().as_data(), anchor=page_anchor)
    return summary
