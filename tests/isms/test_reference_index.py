"""``ForgetReferencesFrom``: the rows Wagtail's reference index kept for a model it now ignores."""

from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import ReferenceIndex

from evidence.models import Evidence
from isms.db.reference_index import ForgetReferencesFrom
from tests.factories import ProductFactory, make_evidence

pytestmark = pytest.mark.django_db


def recorded(source: models.Model, field: str, target: models.Model) -> None:
    """A row as Wagtail records it: ``source.field`` points at ``target`` (if not there yet)."""
    source_type = ContentType.objects.get_for_model(source)
    ReferenceIndex.objects.get_or_create(
        content_type=source_type,
        base_content_type=source_type,
        object_id=str(source.pk),
        to_content_type=ContentType.objects.get_for_model(target),
        to_object_id=str(target.pk),
        model_path=field,
        content_path=field,
        content_path_hash=ReferenceIndex._get_content_path_hash(field),
    )


def test_it_removes_the_model_s_rows_and_keeps_the_others(
    engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    product = ProductFactory()
    recorded(evidence, "produced_by", engineer)
    recorded(product, "company", product.company)
    rows = ReferenceIndex.objects.values_list("base_content_type", "object_id", "model_path")
    evidence_row = (ContentType.objects.get_for_model(Evidence).pk, str(evidence.pk), "produced_by")
    product_row = (ContentType.objects.get_for_model(product).pk, str(product.pk), "company")
    assert {evidence_row, product_row} <= set(rows)

    ForgetReferencesFrom("evidence", "evidence").code(apps, None)

    assert evidence_row not in set(rows.all())
    assert product_row in set(rows.all())
