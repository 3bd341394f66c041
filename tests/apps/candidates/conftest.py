"""Fixtures of the candidate tests: `s3_bucket`, default storage on a local S3-compatible server
(the candidates and employers are the root conftest's)."""

import pytest

from tests.s3 import moto_s3, reset_storages, s3_storage

BUCKET = "candidate-files"


@pytest.fixture
def s3_bucket(settings):
    """moto's S3 server on localhost, a bucket in it, and STORAGES["default"] pointing there."""
    with moto_s3(BUCKET) as moto:
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage(moto.endpoint, BUCKET)}
        reset_storages()
        try:
            yield moto.client
        finally:
            reset_storages()  # the settings fixture restores STORAGES after this, and resets too
