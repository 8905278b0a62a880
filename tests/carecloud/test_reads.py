"""Reads of one page made together (portal/carecloud/reads.py)."""

import threading

import pytest
from django.utils import translation

from portal.carecloud.reads import concurrently


def test_concurrent_reads_run_in_the_callers_language_and_raise_in_the_caller():
    def boom():
        raise ValueError("read failed")

    with translation.override("cs"):
        result = concurrently(language=translation.get_language, thread=lambda: threading.current_thread().name)
    assert result["language"] == "cs"
    assert result["thread"].startswith("carecloud-read")
    with pytest.raises(ValueError, match="read failed"):
        concurrently(ok=lambda: 1, failing=boom)
