"""Whatever bytes arrive, the pipeline answers with a result or a plain-French refusal, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.documents.processing import UploadRefused, process_upload
from tests.documents import images

_JPEG = images.jpeg(64, 48)
_PNG = images.png(64, 48)
_PDF = images.text_pdf()
PREFIXES = [
    b"",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"\x00\x00\x00\x18ftypheic",
    b"%PDF-1.7\n",
]


def _accepted_or_refused(data: bytes) -> None:
    try:
        result = process_upload([data], max_bytes=200_000)
    except UploadRefused as refusal:
        assert refusal.message and refusal.code
    else:
        assert result.size <= 200_000 and result.data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048))
def test_random_bytes_never_crash(prefix, body):
    _accepted_or_refused(prefix + body)


@pytest.mark.parametrize("source", [_JPEG, _PNG, _PDF], ids=["jpeg", "png", "pdf"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_real_files_never_crash(source, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(source)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(source) - 1), st.integers(0, 255)), max_size=8))
    damaged = bytearray(source[:cut])
    for position, value in flips:
        if position < len(damaged):
            damaged[position] = value
    _accepted_or_refused(bytes(damaged))
