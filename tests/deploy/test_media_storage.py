"""Media on S3-compatible storage, chosen by the environment: the settings'
switch, then an image uploaded and a rendition served, against moto's S3
server on 127.0.0.1 (the network edge, as the fake Brevo is)."""

import json

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from tests.cooperation.test_settings import manage
from tests.factories import ImageFactory

BUCKET = "cooperation-media"

SHOW_STORAGE = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['default']))"
)


def default_storage_with(**env):
    result = manage(
        "shell",
        "-c",
        SHOW_STORAGE,
        env={"DJANGO_SETTINGS_MODULE": "cooperation.settings.dev", **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # two processes load the settings
def test_the_environment_chooses_local_disk_or_a_bucket():
    assert default_storage_with()["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    s3 = default_storage_with(
        MEDIA_S3_BUCKET=BUCKET,
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        MEDIA_S3_CUSTOM_DOMAIN="medias.cooperation-romans.fr",
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {
        "bucket_name": BUCKET,
        "endpoint_url": "https://s3.fr-par.scw.cloud",
        "region_name": "fr-par",
        "custom_domain": "medias.cooperation-romans.fr",
        "querystring_auth": False,
        "file_overwrite": False,
    }


@pytest.fixture
def s3_endpoint(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
        Bucket=BUCKET
    )
    yield endpoint
    server.stop()


def test_an_image_and_its_rendition_are_stored_in_the_bucket_and_served(
    s3_endpoint, settings, db
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": "public-read",
            },
        },
    }
    image = ImageFactory()
    rendition = image.get_rendition("fill-60x40")
    keys = {
        item["Key"]
        for item in boto3.client(
            "s3", endpoint_url=s3_endpoint, region_name="us-east-1"
        )
        .list_objects_v2(Bucket=BUCKET)
        .get("Contents", [])
    }
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert rendition.url.startswith(f"{s3_endpoint}/{BUCKET}/images/")
    response = requests.get(rendition.url, timeout=10)
    assert response.status_code == 200
    assert (
        response.content[:3] in (b"\xff\xd8\xff", b"GIF")
        or response.content[:8] == b"\x89PNG\r\n\x1a\n"
    )
    assert (rendition.width, rendition.height) == (60, 40)
