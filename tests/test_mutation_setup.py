"""``make mutation``'s own parts (scripts/mutation.py, tests/support/mutation.py): the sample, the
per-mutant budget, the short clean run, the slow tests left out, and the translatable text mutmut
is told not to mutate."""

import fnmatch
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support import mutation as plugin

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("mutation_script", ROOT / "scripts" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _item(nodeid, slow=False):
    return SimpleNamespace(nodeid=nodeid, get_closest_marker=lambda name: object() if slow and name == "slow" else None)


TIMES = {"a": 0.5, "b": 1.0, "c": 2.0, "d": 3.0, "s": 0.1}


def test_a_mutants_tests_run_fastest_first_within_the_budget():
    items = [_item("d"), _item("b"), _item("c"), _item("a")]
    keep, dropped = plugin.select(items, "portal.x.x_f__mutmut_3", 3.5, False, TIMES)
    assert [i.nodeid for i in keep] == ["a", "b", "c"] and [i.nodeid for i in dropped] == ["d"]


def test_the_first_test_runs_even_beyond_the_budget():
    keep, _dropped = plugin.select([_item("d"), _item("c")], "portal.x.x_f__mutmut_3", 1.0, False, TIMES)
    assert [i.nodeid for i in keep] == ["c"]


def test_slow_tests_are_left_out_of_every_mutation_session():
    items = [_item("s", slow=True), _item("a"), _item("b")]
    for mutant in ("stats", "portal.x.x_f__mutmut_1", "", "fail"):
        keep, dropped = plugin.select(items, mutant, 100.0, False, TIMES)
        assert [i.nodeid for i in keep] == ["a", "b"] and "s" in [i.nodeid for i in dropped], mutant


def test_the_clean_run_is_cut_to_the_fastest_test_only_when_asked():
    items = [_item("c"), _item("a"), _item("b")]
    assert [i.nodeid for i in plugin.select(items, "", 100.0, True, TIMES)[0]] == ["a"]
    assert len(plugin.select(items, "", 100.0, False, TIMES)[0]) == 3
    assert len(plugin.select(items, "stats", 100.0, True, TIMES)[0]) == 3  # the stats run: all of them


def test_the_plugin_does_nothing_outside_make_mutation(monkeypatch):
    monkeypatch.delenv(plugin.BUDGET_ENV, raising=False)
    items = [_item("s", slow=True), _item("a")]
    plugin.pytest_collection_modifyitems(None, items)
    assert len(items) == 2


@pytest.mark.parametrize("sample", [10, 5, 2, 1])
def test_the_sample_is_every_nth_mutant_of_every_function_from_the_first(runner, sample):
    pattern = f"portal.*.*__mutmut_{runner.SAMPLES[sample]}"
    names = [f"portal.overview.selectors.x_tier__mutmut_{n}" for n in range(1, 30)] + [
        "portal.core.forms.xǁCareCloudFormMixinǁfail__mutmut_1"]
    chosen = [int(name.rsplit("_", 1)[1]) for name in names if fnmatch.fnmatch(name, pattern)]
    assert sorted(set(chosen)) == [n for n in range(1, 30) if (n - 1) % sample == 0]
    assert 1 in chosen and chosen.count(1) == 2  # the first mutant of every function


def test_the_score_interval_narrows_with_the_sample(runner):
    low, high = runner.wilson(900, 1000)
    assert low < 0.9 < high and high - low < 0.04
    low_small, high_small = runner.wilson(90, 100)
    assert high_small - low_small > high - low


def test_translatable_text_is_not_mutated(runner, monkeypatch):
    from mutmut.mutation import file_mutation

    code = 'def label(done):\n    return _("Saved") if done else "pending"\n'
    before = len(file_mutation.create_mutations("label.py", code)[1])
    monkeypatch.setattr(file_mutation, "NEVER_MUTATE_FUNCTION_CALLS",
                        file_mutation.NEVER_MUTATE_FUNCTION_CALLS | runner.NEVER_MUTATE_CALLS)
    after = [str(m) for m in file_mutation.create_mutations("label.py", code)[1]]
    assert 0 < len(after) < before


def test_reviewed_survivors_are_matched_by_function_and_change_not_by_number(runner, tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mutation.md").write_text(
        "**equivalent: header names are case-insensitive** (1)\n\n"
        "- `accounts.middleware.x__return_path__mutmut_10`: `a = h.get(\"Referer\")` → `a = h.get(\"REFERER\")`\n\n"
        "**not worth a test: log words** (1)\n\n"
        "- `carecloud.client.x_f__mutmut_3`: `x = 1` → `x = 2`\n\n"
        "**not examined yet** (1)\n\n"
        "- `core.forms.x_g__mutmut_1`: `y = 1` → `y = 2`\n", encoding="utf-8")
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    assert runner.reviewed_survivors() == {
        ("accounts.middleware.x__return_path", 'a = h.get("Referer")', 'a = h.get("REFERER")'):
            "equivalent: header names are case-insensitive",
        ("carecloud.client.x_f", "x = 1", "x = 2"): "not worth a test: log words",
    }
    mutant = "portal.accounts.middleware.x__return_path__mutmut_31"
    assert runner.function_of(mutant) == "accounts.middleware.x__return_path"


def test_the_score_leaves_equivalent_mutants_out(runner):
    from collections import Counter

    row = runner.line("portal/core", Counter({"killed": 90, "survived": 10, "equivalent": 20, "not run": 0}))
    assert row.split()[-2:] == ["90.0", "%"]
    sampled = runner.line("portal/core", Counter({"killed": 90, "survived": 10, "not run": 900}))
    assert "90.0 % (" in sampled


def test_a_mutants_change_is_read_from_mutmuts_file_def_line_included(runner, tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "def x_page__mutmut_orig(count=20):\n    return count * 2\n\n"
        "def x_page__mutmut_1(count=21):\n    return count * 2\n\n"
        "def xǁPageǁsize__mutmut_orig(self):\n    return self.n\n\n"
        "def xǁPageǁsize__mutmut_2(self):\n    return None\n", encoding="utf-8")
    diffs = runner.MutantDiffs()
    assert diffs.lines(source, "portal.x.m.x_page__mutmut_1") == ("def page(count=20):", "def page(count=21):")
    assert diffs.lines(source, "portal.x.m.xǁPageǁsize__mutmut_2") == ("return self.n", "return None")


def test_a_change_to_a_line_the_function_has_twice_is_still_shown(runner, tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "def x_f__mutmut_orig(a):\n    a += 1\n    a += 1\n    return a\n\n"
        "def x_f__mutmut_3(a):\n    a += 1\n    a -= 1\n    return a\n", encoding="utf-8")
    assert runner.MutantDiffs().lines(source, "portal.x.m.x_f__mutmut_3") == ("a += 1", "a -= 1")


def test_the_packages_mutated_are_the_ones_configured_and_tested(runner):
    """scripts/mutation.py's PACKAGES, pyproject.toml's only_mutate and its test selection name the
    same packages, and each is there with its tests: a package renamed or split is not silently
    left out of the run (or its tests out of the selection)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    tests = [package.replace("portal/", "tests/", 1) for package in runner.PACKAGES]
    assert config["only_mutate"] == [f"{package}/*" for package in runner.PACKAGES]
    assert [arg for arg in config["pytest_add_cli_args_test_selection"] if not arg.startswith("-")] == tests
    assert all((ROOT / package / "__init__.py").is_file() for package in runner.PACKAGES)
    assert all((ROOT / path).is_dir() for path in tests)


def test_every_reviewed_survivor_names_a_module_that_is_mutated(runner):
    """A survivor is reviewed by its function's module path (``profile.selectors.x__consents``): a
    module moved without its reviews would make every one of them unmatched."""
    modules = {function.rsplit(".", 1)[0] for function, _removed, _added in runner.reviewed_survivors()}
    assert modules
    for module in modules:
        path = ROOT / "portal" / (module.replace(".", "/") + ".py")
        assert path.is_file() and any(path.is_relative_to(ROOT / package) for package in runner.PACKAGES), module


def test_mutation_sessions_run_in_one_process_without_xdist():
    """make test spreads the suite over pytest-xdist workers (the Makefile's -n); a mutant's session
    must not (each worker would start its own sandbox, for a few quick tests): mutmut's pytest
    arguments switch the plugin off, and pytest.ini, which mutmut reads too, asks for no workers."""
    import configparser
    import tomllib

    args = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["pytest_add_cli_args"]
    assert ["-p", "no:xdist"] in [args[n:n + 2] for n in range(len(args) - 1)]
    ini = configparser.ConfigParser()
    ini.read(ROOT / "pytest.ini")
    addopts = ini["pytest"]["addopts"].split()
    assert not [option for option in addopts if option.startswith(("-n", "--numprocesses", "--dist"))], addopts
    assert "-n $(TEST_WORKERS) --dist loadgroup" in (ROOT / "Makefile").read_text()  # make test: workers
