"""The accessibility audit every browser test relies on (tests/support/browser.py): it reports a
serious finding, at each audit of the same document, and stays quiet on a clean one."""

from tests.support.browser import serious_violations


def test_the_audit_reports_serious_findings_every_time_it_looks(browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content('<!doctype html><html lang="en"><title>t</title><main><img src="data:,">'
                         '<button></button></main></html>')
        for _ in range(2):  # the second audit reuses the injected axe-core
            found = serious_violations(page)
            assert any(line.startswith("image-alt (critical)") for line in found), found
            assert any(line.startswith("button-name (critical)") for line in found), found
        page.set_content('<!doctype html><html lang="en"><title>t</title><main><img src="data:," alt="A cup">'
                         '<button>Go</button></main></html>')
        assert serious_violations(page) == []
        # a moderate finding (content outside any landmark) is not a serious one
        page.set_content('<!doctype html><html lang="en"><title>t</title><main><button>Go</button></main>'
                         '<p>Outside</p></html>')
        assert serious_violations(page) == []
        every = page.evaluate("async () => (await axe.run(document)).violations.map(v => `${v.id} ${v.impact}`)")
        assert "region moderate" in every, every
    finally:
        context.close()
