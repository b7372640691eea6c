"""Background work of the library, on the task queue (django-tasks)."""

from django_tasks import task

from library.learning import library_learn


@task()
def learn_library() -> dict:
    """The nightly learning from approved documents; returns the counts for the task's result."""
    result = library_learn()
    return {"created": result.created, "updated": result.updated, "unused": result.unused}
