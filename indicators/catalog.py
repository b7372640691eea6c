"""Looking up 一级/二级 categories of a framework by the names users type or choose."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.models import Framework, Subcategory


class Catalog:
    """All categories of one framework, loaded with one query, to resolve (一级, 二级) name pairs."""

    def __init__(self, framework: Framework):
        self.framework = framework
        self.subcategories = list(Subcategory.objects.filter(category__framework=framework).select_related("category"))
        self._by_names = {(s.category.name, s.name): s for s in self.subcategories}
        self._parents = {}
        for s in self.subcategories:
            self._parents.setdefault(s.name, []).append(s.category.name)
        self.category_names = list(dict.fromkeys(s.category.name for s in self.subcategories))

    def resolve(self, category_name: str, subcategory_name: str) -> Subcategory:
        """The 二级 category named under the 一级 named; a Chinese ValidationError says what is wrong."""
        category_name, subcategory_name = (category_name or "").strip(), (subcategory_name or "").strip()
        found = self._by_names.get((category_name, subcategory_name))
        if found:
            return found
        if category_name not in self.category_names:
            raise ValidationError(
                _("一级指标“%(name)s”不在指标体系“%(framework)s”中，可选：%(choices)s。")
                % {"name": category_name, "framework": self.framework.name, "choices": "、".join(self.category_names)},
                code="unknown_category",
            )
        parents = self._parents.get(subcategory_name)
        if parents:
            raise ValidationError(
                _("二级指标“%(sub)s”不能放在一级指标“%(name)s”下，应属于“%(parent)s”。")
                % {"sub": subcategory_name, "name": category_name, "parent": "、".join(parents)},
                code="wrong_parent",
            )
        allowed = [s.name for s in self.subcategories if s.category.name == category_name]
        raise ValidationError(
            _("二级指标“%(sub)s”不在一级指标“%(name)s”下，可选：%(choices)s。")
            % {"sub": subcategory_name, "name": category_name, "choices": "、".join(allowed)},
            code="unknown_subcategory",
        )
