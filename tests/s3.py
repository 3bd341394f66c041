"""S3 for the storage tests: moto's S3 server on 127.0.0.1 (nothing leaves the machine) and the
STORAGES["default"] entry that points django-storages at it.

Used by the `s3_bucket` fixture (tests/apps/candidates/conftest.py) and the storage faults
(tests/core/faults/test_storage.py), which also points storage at a port nothing listens on.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from django.core.files.storage import default_storage, storages
from django.utils.functional import empty

from tests.helpers import free_port

CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def reset_storages() -> None:
    """Forget the storages built so far, so the next use reads STORAGES again."""
    storages._storages = {}
    default_storage._wrapped = empty


def s3_storage(endpoint: str, bucket: str, **options: Any) -> dict:
    """A STORAGES entry: django-storages' S3 on `endpoint`, private files, as production."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            **CREDENTIALS,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            **options,
        },
    }


@dataclass
class MotoS3:
    """A running moto server: its address, a boto3 client on it, and `stop()` (once)."""

    server: Any
    endpoint: str
    client: Any
    stopped: bool = False

    def stop(self) -> None:
        if not self.stopped:
            self.server.stop()
            self.stopped = True


@contextmanager
def moto_s3(bucket: str) -> Iterator[MotoS3]:
    """moto's S3 server on a free port with `bucket` in it, empty; stopped at the end."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    moto = MotoS3(server, endpoint, client)
    try:
        client.create_bucket(Bucket=bucket)
        # moto keeps its buckets per process, whatever server serves them: start empty of the
        # files an earlier test left.
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        yield moto
    finally:
        moto.stop()
