"""Preparing the private S3 bucket so that stored records cannot be lost or silently replaced.

Versioning keeps every earlier object when one is overwritten or deleted; Object Lock retention
(COMPLIANCE or GOVERNANCE mode, for a number of days) has S3 itself refuse deletion within the
period. Object Lock can only be switched on when a bucket is created, so a missing bucket is
created with it, and an existing one without it is reported rather than half-configured.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from isms.files.store import PRIVATE_STORAGE

LOCK_MODES = ("GOVERNANCE", "COMPLIANCE")


@dataclass(frozen=True)
class BucketState:
    bucket: str
    versioning: str
    lock_mode: str | None
    retention_days: int | None


def private_bucket_prepare(*, retention_days: int | None, mode: str = "COMPLIANCE") -> BucketState:
    """Create the private bucket if needed, turn versioning on, set the default retention."""
    storage = _s3_storage()
    if mode not in LOCK_MODES:
        raise ValueError(f"The Object Lock mode is GOVERNANCE or COMPLIANCE, not {mode}.")
    client = storage.connection.meta.client
    bucket = storage.bucket_name
    _ensure_bucket(client, bucket, with_lock=retention_days is not None)
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    if retention_days is not None:
        client.put_object_lock_configuration(
            Bucket=bucket,
            ObjectLockConfiguration={
                "ObjectLockEnabled": "Enabled",
                "Rule": {"DefaultRetention": {"Mode": mode, "Days": retention_days}},
            },
        )
    return private_bucket_state()


def private_bucket_state() -> BucketState:
    storage = _s3_storage()
    client, bucket = storage.connection.meta.client, storage.bucket_name
    versioning = client.get_bucket_versioning(Bucket=bucket).get("Status", "Off")
    retention = _default_retention(client, bucket)
    return BucketState(
        bucket=bucket,
        versioning=versioning,
        lock_mode=retention.get("Mode"),
        retention_days=retention.get("Days"),
    )


def _s3_storage() -> Any:
    storage = storages[PRIVATE_STORAGE]
    if not hasattr(storage, "bucket_name"):
        raise ImproperlyConfigured("The private storage is not S3: set AWS_STORAGE_BUCKET_NAME.")
    return storage


def _ensure_bucket(client: Any, bucket: str, *, with_lock: bool) -> None:
    existing = {item["Name"] for item in client.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=with_lock)
        return
    if with_lock:
        try:
            client.get_object_lock_configuration(Bucket=bucket)
        except client.exceptions.ClientError:
            raise ImproperlyConfigured(
                f"The bucket {bucket} was created without Object Lock, which S3 cannot add "
                "later: create a new bucket with it (this command does, when the bucket is "
                "missing) and copy the objects over."
            ) from None


def _default_retention(client: Any, bucket: str) -> dict[str, Any]:
    try:
        configuration = client.get_object_lock_configuration(Bucket=bucket)
    except client.exceptions.ClientError:
        return {}
    lock = configuration.get("ObjectLockConfiguration", {})
    return dict(lock.get("Rule", {}).get("DefaultRetention", {}))
