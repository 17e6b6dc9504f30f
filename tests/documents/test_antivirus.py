"""The clamd client against a small fake clamd speaking the real INSTREAM protocol."""

import socket
import socketserver
import struct
import threading

import pytest

from relais.documents import antivirus
from relais.documents.processing import UploadRefused, process_upload
from tests.documents import images

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd(socketserver.BaseRequestHandler):
    """Implements INSTREAM: reads length-prefixed chunks until a zero chunk, then answers."""

    received: list[bytes] = []

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack(">I", self._exactly(4))[0]
            if size == 0:
                break
            data += self._exactly(size)
        FakeClamd.received.append(data)
        if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
            self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0")
        else:
            self.request.sendall(b"stream: OK\0")

    def _exactly(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            part = self.request.recv(n - len(buf))
            if not part:
                raise ConnectionError("closed")
            buf += part
        return buf


class ThreadedTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class ThreadedUnix(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


@pytest.fixture
def clamd_tcp():
    server = ThreadedTCP(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeClamd.received = []
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def clamd_unix(tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = ThreadedUnix(path, FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeClamd.received = []
    yield path
    server.shutdown()
    server.server_close()


def test_clean_file_over_tcp(clamd_tcp):
    data = images.jpeg(300, 200)
    assert antivirus.scan_bytes(data, address=clamd_tcp) == antivirus.ScanResult(clean=True)
    assert FakeClamd.received == [data]  # chunked and reassembled exactly


def test_large_file_is_chunked(clamd_unix):
    data = bytes(range(256)) * 1000  # 256 kB: several 64 kB chunks
    assert antivirus.scan_bytes(data, address=clamd_unix).clean
    assert FakeClamd.received == [data]


def test_virus_found_over_unix_socket(clamd_unix):
    result = antivirus.scan_bytes(EICAR, address=clamd_unix)
    assert result == antivirus.ScanResult(clean=False, signature="Eicar-Test-Signature")


def test_upload_refused_when_virus(settings, clamd_tcp):
    settings.CLAMAV_SOCKET = clamd_tcp
    infected = images.jpeg(200, 150) + EICAR  # a picture carrying the test signature after its end
    with pytest.raises(UploadRefused) as info:
        process_upload([infected], max_bytes=500_000)
    assert info.value.code == "virus"
    assert info.value.message.startswith("Ce fichier contient un virus")
    assert process_upload([images.jpeg(200, 150)], max_bytes=500_000).content_type == "image/jpeg"


def test_scanner_down_refuses_with_retry_message(settings):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    settings.CLAMAV_SOCKET = f"127.0.0.1:{port}"
    with pytest.raises(UploadRefused) as info:
        process_upload([images.jpeg(100, 100)], max_bytes=500_000)
    assert info.value.code == "scanner"
    assert "Réessayez" in info.value.message


def test_no_scanner_configured_means_clean(settings):
    settings.CLAMAV_SOCKET = ""
    assert antivirus.scan(EICAR).clean
