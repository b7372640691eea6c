from decimal import Decimal

import pytest

from bureau.models import ReviewSummary
from projects.models import BudgetUnit, Department, Document, DocumentTransition, Project


@pytest.fixture
def make_departments(db, legacy_framework, django_user_model):
    """`count` departments with a 2022 document each: two projects, a submission and a stored review summary."""
    submitter = django_user_model.objects.create_user("submitter", first_name="三", last_name="张")

    def make(count: int, *, start: int = 100) -> list[Document]:
        documents = []
        for number in range(start, start + count):
            department = Department.objects.create(code=f"{number:03d}", name=f"测试部门{number}")
            unit = BudgetUnit.objects.create(department=department, code=f"{number:03d}001", name="本级")
            document = Document.objects.create(
                department=department,
                year=2022,
                prepared_by=department.name,
                approving_authority="正定县财政局",
                framework=legacy_framework,
            )
            for position in (1, 2):
                Project.objects.create(
                    document=document,
                    unit=unit,
                    code=f"{number:03d}00122P{number:08d}{position:03d}X",
                    name=f"项目{position}",
                    budget=Decimal("10.50"),
                    fiscal_funds=Decimal("10.00"),
                    other_funds=Decimal("0.50"),
                    position=position,
                )
            DocumentTransition.objects.create(
                document=document, from_status="draft", to_status="submitted", user=submitter
            )
            Document.objects.filter(pk=document.pk).update(status="submitted")
            ReviewSummary.objects.create(
                document=document, errors=number % 2, warnings=3, changes=1, reviewed_changes=1
            )
            documents.append(document)
        return documents

    return make
