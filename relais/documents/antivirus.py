"""A small clamd client (INSTREAM protocol) used before any uploaded file is accepted.

`settings.CLAMAV_SOCKET` is a unix socket path ("/run/clamav/clamd.ctl") or "host:port";
empty disables the scan. When the scanner is configured but cannot be reached, files are
refused (fail closed) with a plain-French message asking to try again later.
"""

from __future__ import annotations

import os
import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024
TIMEOUT = 30.0


class ScannerUnavailable(Exception):
    """clamd is configured but did not answer (or answered with an error)."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/") or address.startswith("unix:"):
        path = address.removeprefix("unix:")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return sock
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ScannerUnavailable(f"invalid CLAMAV_SOCKET {address!r} (expected a path or host:port)")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def scan_bytes(data: bytes, *, address: str, timeout: float = TIMEOUT) -> ScanResult:
    """Send `data` to clamd with INSTREAM and parse its verdict."""
    try:
        sock = _connect(address, timeout)
    except OSError as exc:
        raise ScannerUnavailable(f"cannot reach clamd at {address}: {exc}") from exc
    try:
        with sock:
            sock.sendall(b"zINSTREAM\0")
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                chunk = view[start : start + CHUNK]
                sock.sendall(struct.pack(">I", len(chunk)) + bytes(chunk))
            sock.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScannerUnavailable(f"clamd connection failed: {exc}") from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK" | "stream: Eicar-Test-Signature FOUND" | "INSTREAM size limit exceeded. ERROR"
    if text.endswith("FOUND"):
        signature = text.split(":", 1)[-1].strip().removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature)
    if text.endswith("OK"):
        return ScanResult(clean=True)
    raise ScannerUnavailable(f"unexpected clamd answer: {text!r}")


def configured_address() -> str:
    from django.conf import settings

    if not settings.configured:  # plain Python use (benchmarks, scripts)
        return os.environ.get("CLAMAV_SOCKET", "")
    return getattr(settings, "CLAMAV_SOCKET", "") or ""


def scan(data: bytes) -> ScanResult:
    """Scan with the configured clamd; clean when no scanner is configured."""
    address = configured_address()
    if not address:
        return ScanResult(clean=True)
    return scan_bytes(data, address=address)
