import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.future_story.conftest import openai_backend  # noqa: F401  (the shared fixture)

S3_KEY = "test-key"
S3_SECRET = "test-secret"
S3_REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3-compatible server (moto in server mode) on a free loopback port."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=S3_KEY, aws_secret_access_key=S3_SECRET, region_name=S3_REGION
    )


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """STORAGES["default"] switched to django-storages' S3Storage on a fresh bucket, with the
    options mechta/settings/base.py builds from AWS_* variables. Yields (client, bucket)."""
    bucket = f"mechta-{uuid.uuid4().hex[:12]}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "region_name": S3_REGION,
                "access_key": S3_KEY,
                "secret_key": S3_SECRET,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 3600,
                "file_overwrite": False,
            },
        },
    }
    yield client, bucket


def bucket_keys(client, bucket) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))
