"""A real S3 API server on loopback for the tests: moto's `moto_server`, in its own process.

moto's server is a Flask application; Flask must not be installed in Relais' environment
(docs/adr/0004, tests/rights/test_packaging.py), so `moto_server` lives in a virtualenv of its
own: var/tools/moto (made by .ci/run), another path in RELAIS_MOTO_SERVER, or one on PATH."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3

from config.settings import default_storage_from_env

ROOT = Path(__file__).resolve().parents[2]

ACCESS_KEY = "relais-test-key"
SECRET_KEY = "relais-test-secret"
REGION = "eu-west-3"


@dataclass
class S3Server:
    url: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
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


def moto_server_executable() -> str | None:
    candidates = [
        os.environ.get("RELAIS_MOTO_SERVER", ""),
        str(ROOT / "var" / "tools" / "moto" / "bin" / "moto_server"),
        shutil.which("moto_server") or "",
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def start_server(executable: str, log: Path) -> tuple[subprocess.Popen, S3Server]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log.open("ab"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto_server stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, S3Server(url=f"http://127.0.0.1:{port}")
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"moto_server did not listen on {port}:\n{log.read_text()}")
