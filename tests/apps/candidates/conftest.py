"""Fixtures of the candidate tests: `s3_bucket`, default storage on a local S3-compatible server
(the candidates and employers are the root conftest's)."""

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from django.utils.functional import empty

from tests.helpers import free_port


def _reset_storages() -> None:
    storages._storages = {}
    default_storage._wrapped = empty


@pytest.fixture
def s3_bucket(settings):
    """moto's S3 server on localhost, a bucket in it, and STORAGES["default"] pointing there."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket="candidate-files")
    # moto keeps its buckets per process, whatever server serves them: start empty of the
    # files an earlier test left.
    for item in client.list_objects_v2(Bucket="candidate-files").get("Contents", []):
        client.delete_object(Bucket="candidate-files", Key=item["Key"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "candidate-files",
                "endpoint_url": endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    _reset_storages()
    try:
        yield client
    finally:
        server.stop()
        _reset_storages()  # the settings fixture restores STORAGES after this, and resets too
