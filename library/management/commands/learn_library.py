from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from library.learning import library_learn
from library.tasks import learn_library


class Command(BaseCommand):
    help = _("从已审核的绩效文本学习指标库：统计每个指标的使用文档数和常用指标值，补充指标库中没有的指标。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help=_("放入任务队列，由后台任务进程执行，而不是立即执行。")
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = learn_library.enqueue()
            self.stdout.write(_("已放入任务队列：%(id)s") % {"id": result.id})
            return
        result = library_learn()
        self.stdout.write(
            _("新增学习指标 %(created)s 个，更新 %(updated)s 个，未被使用 %(unused)s 个。")
            % {"created": result.created, "updated": result.updated, "unused": result.unused}
        )
