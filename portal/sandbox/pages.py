"""Human-facing sandbox pages: the outbox of "sent" messages and the hosted password-setup form
that the links in password-setup messages open (CareCloud hosts this form in the real world).
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from .api import negotiate_language
from .models import Customer, OutboxMessage, PasswordSetupCode
from .models.customers import PASSWORD_RULES, password_problems

OUTBOX_DEFAULT_LAST = 100

# The sandbox's strict Content-Security-Policy (its settings), but for the pages' one <style> block:
# it carries the request's nonce, which this adds to style-src.
styled_page = csp_update({"style-src": [NONCE]})

TEXTS = {
    "cs": {
        "title": "Nastavení hesla",
        "intro": "Zvolte nové heslo ke svému zákaznickému účtu.",
        "rules": "Alespoň 8 znaků, jedno velké písmeno a jedna číslice; ne běžně používané heslo.",
        "password": "Nové heslo",
        "password_confirmation": "Nové heslo znovu",
        "submit": "Nastavit heslo",
        "mismatch": "Hesla se neshodují.",
        "done_title": "Heslo je nastaveno",
        "done": "Nové heslo platí. Nyní se jím můžete přihlásit.",
        "unknown_title": "Neplatný odkaz",
        "unknown": "Tento odkaz pro nastavení hesla neexistuje. Zkontrolujte, že jste jej zkopírovali celý.",
        "gone_title": "Odkaz už neplatí",
        "gone": "Odkaz pro nastavení hesla už byl použit nebo vypršel (platí 24 hodin). Požádejte o nový.",
    },
    "en": {
        "title": "Set up your password",
        "intro": "Choose a new password for your customer account.",
        "rules": "At least 8 characters, one uppercase letter and one number; not a common password.",
        "password": "New password",
        "password_confirmation": "New password again",
        "submit": "Set password",
        "mismatch": "The passwords do not match.",
        "done_title": "Your password is set",
        "done": "The new password is in effect. You can sign in with it now.",
        "unknown_title": "Invalid link",
        "unknown": "This password setup link does not exist. Check that you copied all of it.",
        "gone_title": "The link has expired",
        "gone": "This password setup link has been used already or has expired (links are valid for 24 hours). "
                "Please ask for a new one.",
    },
}


def _messages(request: HttpRequest):
    messages = OutboxMessage.objects.all()
    if recipient := request.GET.get("recipient"):
        messages = messages.filter(recipient=recipient.strip().lower())
    try:
        last = max(1, int(request.GET.get("last", OUTBOX_DEFAULT_LAST)))
    except ValueError:
        last = OUTBOX_DEFAULT_LAST
    return messages[:last]


@styled_page
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """The sent messages, newest first (``?last=N``, ``?recipient=``)."""
    return render(request, "sandbox/outbox.html", {"messages": _messages(request)})


@require_GET
def outbox_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"messages": [m.as_dict() for m in _messages(request)]},
                        json_dumps_params={"ensure_ascii": False})


def _invalid_link(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """404 for a code that never existed; 410 for a known one that is used or expired (its language)."""
    gone = language is not None
    language = language or negotiate_language(request.headers.get("Accept-Language", ""))
    texts = TEXTS.get(language, TEXTS["en"])
    key = "gone" if gone else "unknown"
    context = {"t": texts, "language": language, "heading": texts[f"{key}_title"], "message": texts[key]}
    return render(request, "sandbox/password_setup_invalid.html", context, status=410 if gone else 404)


@styled_page
@require_http_methods(["GET", "POST"])
def password_setup(request: HttpRequest, code: str) -> HttpResponse:
    """The form a password-setup link opens: a new password, twice; the code works once."""
    setup = PasswordSetupCode.find(code)
    if setup is None:
        return _invalid_link(request)
    customer = Customer.objects.filter(pk=setup.customer_id, state=Customer.State.ACTIVE).first()
    if not setup.is_usable or customer is None:
        return _invalid_link(request, setup.language)
    texts = TEXTS.get(setup.language, TEXTS["en"])
    field_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        password = request.POST.get("password", "")
        confirmation = request.POST.get("password_confirmation", "")
        problems = password_problems(password)
        if problems:
            field_errors["password"] = [PASSWORD_RULES[key][setup.language] for key in problems]
        if password != confirmation:
            field_errors["password_confirmation"] = [texts["mismatch"]]
        if not field_errors:
            with transaction.atomic():
                if not setup.use():
                    return _invalid_link(request, setup.language)
                customer.set_password(password)
                customer.save(update_fields=["password", "last_change"])
            return render(request, "sandbox/password_setup_done.html", {"t": texts, "language": setup.language})
    context = {"t": texts, "errors": field_errors, "language": setup.language}
    return render(request, "sandbox/password_setup_form.html", context, status=400 if field_errors else 200)


urlpatterns = [
    path("_sandbox/outbox", outbox, name="outbox"),
    path("_sandbox/outbox.json", outbox_json, name="outbox-json"),
    path("password-setup/<str:code>", password_setup, name="password-setup"),
]
