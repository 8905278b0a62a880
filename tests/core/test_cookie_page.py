"""The cookie page's view called directly (quick, for make mutation): the title, answer and return
address its template is given."""

from portal.core.cookie_page import CookiesView
from portal.core.cookies import CONSENT_COOKIE, DECLINED


def test_the_cookie_page_is_titled_and_shows_the_answer_given_and_where_to_go_back(rf):
    request = rf.get("/en/cookies/", {"next": "/en/points/"})
    request.COOKIES[CONSENT_COOKIE] = DECLINED
    view = CookiesView()
    view.setup(request)
    context = view.get_context_data()
    # page_title is the page's <title> (layouts/base.html): "Cookies · Zrnko"
    assert (str(context["page_title"]), context["consent"], context["next"]) == ("Cookies", DECLINED, "/en/points/")
