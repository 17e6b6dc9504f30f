"""A real S3 API server on loopback for the tests (moto's server, in a thread of the test process)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

from config.settings import default_storage_from_env

ACCESS_KEY = "relais-test-key"
SECRET_KEY = "relais-test-secret"
REGION = "eu-west-3"


@dataclass
class S3Server:
    url: str

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.url, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, prefix: str = "relais") -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    def keys(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def environ(self, bucket: str) -> dict[str, str]:
        """The environment variables a Relais process needs to store its files in `bucket`."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
        }

    def storages(self, bucket: str, base: dict) -> dict:
        """STORAGES with "default" built from the same environment variables production uses."""
        return {**base, "default": default_storage_from_env(self.environ(bucket))}


def start_server() -> tuple[ThreadedMotoServer, S3Server]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access-log line per S3 call otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, S3Server(url=f"http://{host}:{port}")
