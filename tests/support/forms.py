"""Fuzzing a form: every field given hostile values, one at a time, on top of a valid submission.

``hostile_submissions(valid)`` yields ``(label, data)`` pairs: each field missing, empty, very
long, in odd unicode, with control characters and NUL, as a list of values, as the wrong type, and
the whole body empty. Tests post each one and assert the portal answers without a 500 or a
traceback (``assert_no_server_error``).
"""

from __future__ import annotations

from collections.abc import Iterator

HOSTILE_VALUES = {
    "empty": "",
    "spaces": "   ",
    "long": "x" * 10_000,
    "unicode": "Žluťoučký kůň 🐎 ‮gnp.exe ا\u0301 \u200b",
    "control": "a\x00b\x07c\x1b[31m\r\nd",
    "nul": "\x00",
    "markup": "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
    "sql": "' OR '1'='1'; --",
    "number_like": "1e309",
    "negative": "-1",
    "json": '{"$gt": ""}',
    "path": "../../etc/passwd",
}


def hostile_submissions(valid: dict, part: int = 0, parts: int = 1) -> Iterator[tuple[str, dict]]:
    """Every hostile submission, or with ``parts`` > 1 every ``parts``-th from number ``part``: a
    long fuzzing run split into tests (``FUZZ_PARTS``) that the suite's workers share out."""
    for number, submission in enumerate(_every_hostile_submission(valid)):
        if number % parts == part:
            yield submission


FUZZ_PARTS = 4  # the longest forms' fuzzing runs: one test per part


def _every_hostile_submission(valid: dict) -> Iterator[tuple[str, dict]]:
    yield "nothing at all", {}
    for name in valid:
        rest = {key: value for key, value in valid.items() if key != name}
        yield f"{name} missing", rest
        for kind, value in HOSTILE_VALUES.items():
            yield f"{name} {kind}", {**rest, name: value}
        yield f"{name} as a list", {**rest, name: ["a", "b", "c"]}
        yield f"{name} as many long values", {**rest, name: ["y" * 5000] * 20}


def assert_no_server_error(response, label: str) -> None:
    assert response.status_code < 500, f"{label}: {response.status_code}"
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body and "Exception Value" not in body, f"{label}: a traceback was shown"


def as_submitted(form) -> dict:
    """What a browser sends for ``form`` as it is drawn (its initial values, untouched): the start
    of a test that changes one thing, or of a fuzzing run (``hostile_submissions``)."""
    from django.forms.widgets import CheckboxInput, ChoiceWidget

    data = {}
    for field in form:
        widget, value = field.field.widget, field.value()
        if isinstance(widget, CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(widget, ChoiceWidget):
            if widget.allow_multiple_selected:
                data[field.html_name] = [str(v) for v in value or []]
            else:
                data[field.html_name] = "" if value is None else str(value)
        else:
            data[field.html_name] = widget.format_value(value) or ""
    return data
