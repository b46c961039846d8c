"""Checkpoints in a real S3 API (moto's server on loopback), under the bucket's Object Lock."""

import io
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from isms.audit.checkpoints import CHECKPOINT_FOLDER, audit_checkpoint_write
from isms.audit.services import audit_record
from tests.s3 import s3_storage

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def test_a_checkpoint_in_a_locked_bucket_is_read_back_and_cannot_be_deleted(
    s3_endpoint: str, s3: Any, officer: Any
) -> None:
    bucket = f"isms-locked-{uuid.uuid4().hex[:12]}"
    configured = {
        **settings.STORAGES,
        "private": s3_storage(s3_endpoint, bucket, location="private", signed=True),
    }
    audit_record(action="auth.sign_in", actor=officer)
    with override_settings(STORAGES=configured):
        call_command("prepare_private_bucket", "--retention-days", "30", stdout=io.StringIO())
        written = audit_checkpoint_write()
        out = io.StringIO()
        call_command("verify_audit_log", stdout=out)

    assert written is not None
    name, checkpoint = written
    assert f"Checkpoints outside the database: 1; the newest saw #{checkpoint.sequence}" in (
        out.getvalue()
    )
    key = f"private/{name}"
    assert name.startswith(f"{CHECKPOINT_FOLDER}/")
    version = s3.list_object_versions(Bucket=bucket, Prefix=key)["Versions"][0]
    with pytest.raises(s3.exceptions.ClientError):
        s3.delete_object(Bucket=bucket, Key=key, VersionId=version["VersionId"])
