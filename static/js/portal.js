// Small enhancements; every page works without them (no inline scripts: a strict CSP holds).

// Public pages switch language with plain links (a page a CDN may keep draws no form, so no CSRF
// cookie). Without JavaScript the link alone works: the address carries the language. With it,
// the choice is also kept in Django's language cookie, as the switcher's form does elsewhere, so
// that a link without a language prefix opens in it later.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-language-cookie]") : null;
  if (!link) {
    return;
  }
  document.cookie = link.dataset.languageCookie + "=" + encodeURIComponent(link.dataset.language) +
    "; path=/; max-age=31536000; samesite=lax" + (window.location.protocol === "https:" ? "; secure" : "");
});

// On a phone the navigation scrolls sideways: bring the current page's item into view.
document.addEventListener("DOMContentLoaded", function () {
  var current = document.querySelector('.main-nav a[aria-current="page"]');
  var list = current ? current.closest("ul") : null;
  if (list && list.scrollWidth > list.clientWidth) {
    var offset = current.getBoundingClientRect().left - list.getBoundingClientRect().left;
    list.scrollLeft += offset - (list.clientWidth - current.offsetWidth) / 2;
  }
});
