"""make test's parallel run (Makefile, tests/conftest.py): with ``--dist loadgroup`` every test is
a unit of its own, except the modules that share a costly fixture, which go to one worker whole."""

from tests import conftest

SCALE_OUT = "tests/scaleout/test_two_instances.py"


class Config:
    """What the scheduler reads of pytest's config: the --dist and -n options."""

    def __init__(self, dist: str):
        self.dist = dist

    def getvalue(self, name):
        return {"dist": self.dist, "tx": ["4*popen"]}[name]  # -n 4 is --tx 4*popen


def test_loadgroup_keeps_a_shared_fixtures_module_on_one_worker_and_spreads_the_rest():
    scheduler = conftest.pytest_xdist_make_scheduler(Config("loadgroup"), None)
    assert SCALE_OUT in conftest.ONE_WORKER_MODULES
    assert {scheduler._split_scope(f"{SCALE_OUT}::test_{name}") for name in ("a", "b[x]")} == {SCALE_OUT}
    assert scheduler._split_scope("tests/core/test_csp.py::test_a[x]") == "tests/core/test_csp.py::test_a[x]"
    assert scheduler._split_scope("tests/core/test_csp.py::test_b") == "tests/core/test_csp.py::test_b"


def test_the_other_distributions_are_pytest_xdists_own():
    for dist in ("load", "loadfile", "no"):
        assert conftest.pytest_xdist_make_scheduler(Config(dist), None) is None


def test_the_suite_runs_the_tests_that_measure_real_time_alone_after_the_parallel_run():
    from pathlib import Path

    makefile = (Path(__file__).parents[1] / "Makefile").read_text()
    recipe = [line.strip() for line in makefile.splitlines() if line.startswith("\t$(BIN)/python -m pytest")]
    parallel, alone = [line for line in recipe if "$(1)" in line or "$(2)" in line]
    assert "-n $(TEST_WORKERS)" in parallel and '-m "not alone"' in parallel and parallel.endswith("$(1)")
    assert "-n" not in alone.split() and "-m alone" in alone and alone.endswith("$(2)")
    # make test: both parts without coverage; make coverage: the parallel part's data appended to by the other's
    test = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    coverage = makefile.split("\ncoverage:", 1)[1].split("\n\n", 1)[0]
    assert "lint" in test.splitlines()[0] and "$(call suite,,)" in test
    parallel_options, alone_options = coverage.split("$(call suite,", 1)[1].rsplit(")", 1)[0].split(",")
    assert "$(COVERAGE)" in parallel_options and "--cov-report=" in parallel_options
    assert "$(COVERAGE)" in alone_options and "--cov-append" in alone_options


def test_a_fuzzing_run_split_into_parts_sends_every_submission_once():
    from tests.support.forms import FUZZ_PARTS, hostile_submissions

    valid = {"first_name": "Tereza", "email": "t@example.com", "consents": ["1", "2"]}
    whole = [label for label, _data in hostile_submissions(valid)]
    parts = [[label for label, _data in hostile_submissions(valid, part, FUZZ_PARTS)] for part in range(FUZZ_PARTS)]
    assert sorted(sum(parts, [])) == sorted(whole) and len(set(whole)) == len(whole)
    assert all(len(part) >= len(whole) // FUZZ_PARTS for part in parts)  # shared out evenly


class Item:
    """What the ordering reads of a collected test: its id and its marks."""

    def __init__(self, nodeid: str, *marks: str):
        self.nodeid, self.marks = nodeid, marks

    def get_closest_marker(self, name):
        return name if name in self.marks else None


def test_the_long_tests_go_to_the_workers_first_and_the_rest_keep_their_order(monkeypatch):
    items = [Item("tests/accounts/test_a.py::test_1"), Item("tests/e2e/test_journey.py::test_j[en]"),
             Item("tests/core/test_b.py::test_fuzz", "slow"), Item("tests/e2e/test_layout.py::test_l[zrnko-en]"),
             Item("tests/accounts/test_a.py::test_2"), Item("tests/faults/test_f.py::test_f"),
             Item("tests/e2e/test_csp.py::test_c")]
    ordered = [item.nodeid.rsplit("::", 1)[1] for item in conftest.longest_first(items)]
    assert ordered == ["test_l[zrnko-en]", "test_f", "test_c", "test_j[en]", "test_fuzz", "test_1", "test_2"]

    collected = list(items)  # only make test's workers reorder: `pytest <one test>` and make mutation do not
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    conftest.pytest_collection_modifyitems(None, collected)
    assert collected == items
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    conftest.pytest_collection_modifyitems(None, collected)
    assert collected == conftest.longest_first(items)
