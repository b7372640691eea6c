"""Run in a fresh process against a file SQLite database: ten users' browsers save the same project at the
same moment, each from the page as it was before any of them saved. Prints one status line per request."""

import threading

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from projects.models import Project
from tests.conftest import make_user
from tests.projects.form_data import page_data

SAVES = 10

# Lets the test client see each response's context, as it does under pytest.
setup_test_environment()

call_command("migrate", verbosity=0)
call_command("loaddata", "zhengding_union_2022", verbosity=0)
project = Project.objects.get(document__department__code="711", position=1)
from django.contrib.auth import get_user_model  # noqa: E402

users = [
    make_user(get_user_model(), f"filler{i}", role="填报人", departments=[project.document.department])
    for i in range(SAVES)
]
url = reverse("projects:project_edit", args=[project.pk])
clients = []
for user in users:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    data = page_data(client.get(url))
    clients.append((client, data))
connection.close()

start = threading.Barrier(SAVES)
results = []


def save(index, client, data):
    data = {**data, "name": f"同时保存{index}"}
    start.wait()
    try:
        response = client.post(url, data)
        conflict = response.status_code == 200 and response.context and response.context.get("conflict") is not None
        results.append("saved" if response.status_code == 302 else "conflict" if conflict else response.status_code)
    finally:
        connection.close()


threads = [threading.Thread(target=save, args=(i, c, d)) for i, (c, d) in enumerate(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(" ".join(sorted(str(r) for r in results)))
print(connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
