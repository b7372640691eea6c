from django import forms
from django.utils.translation import gettext_lazy as _

from library.models import Source


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("指标名称或关键词"), required=False, max_length=100)
    source = forms.ChoiceField(label=_("指标来源"), required=False, choices=[("", _("全部")), *Source.choices])


class LibraryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 工作簿"),
        help_text=_("按导出的格式填写的 .xlsx 文件；任何单元格有误时不导入任何内容。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
