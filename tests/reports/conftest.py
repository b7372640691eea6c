import pytest
from django_tasks import default_task_backend

HELD = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def report_store(settings, file_storages):
    """Each test starts with an empty report store and lays out in its own process, so renders can be counted."""
    settings.REPORTS_LAYOUT_PROCESSES = 1
    return file_storages / "reports"


class QueuedTasks:
    """Tasks held in a queue instead of run where they are enqueued, as a busy task worker would leave them."""

    def __init__(self, settings):
        self.settings = settings

    def hold(self) -> None:
        self.settings.TASKS = HELD

    def pending(self) -> list:
        """The report tasks queued (other apps' tasks, such as the bureau's review counts, are left out)."""
        return [result for result in default_task_backend.results if result.task.func.__module__ == "reports.tasks"]

    def forget(self) -> None:
        """Drops what is queued, as a worker killed after taking it would."""
        default_task_backend.clear()

    def run(self) -> None:
        """Runs what is queued, in order, and whatever those tasks enqueue, as a worker would."""
        while pending := list(default_task_backend.results):
            default_task_backend.clear()
            for result in pending:
                result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def queued_tasks(settings):
    return QueuedTasks(settings)
