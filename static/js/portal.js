/* The portal's one script. It only enhances pages that work without it (docs/architecture.md, "JavaScript"):
   - registers the service worker that keeps the card for the till offline (portal/core/webapp.py),
     and deletes every offline card but the current session's (none when logged out);
   - downloads "my data" with a progress message instead of a silent wait;
   - shows a print button on the printable export;
   - keeps a public page's language choice in the language cookie;
   - brings the current page's navigation item into view on a phone. */
(function () {
  'use strict';

  var script = document.currentScript;
  var config = (script && script.dataset) || {};
  var CARD_PREFIX = 'portal-till-';

  function forgetOtherCards() {
    var keep = config.offlineKey ? CARD_PREFIX + config.offlineKey : null;
    if (!('caches' in window)) {
      return Promise.resolve();
    }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CARD_PREFIX) === 0 && name !== keep;
      }).map(function (name) { return caches.delete(name); }));
    }).catch(function () { return undefined; });
  }

  function startServiceWorker() {
    if (!('serviceWorker' in navigator) || !config.serviceWorker) {
      return;
    }
    navigator.serviceWorker.register(config.serviceWorker, {scope: config.serviceWorkerScope || '/'})
      .catch(function () { return undefined; });
    if (document.body.classList.contains('page-till') && !navigator.serviceWorker.controller) {
      // This page loaded before the worker controlled it: hand it the page to keep.
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) {
          registration.active.postMessage({type: 'keep-card', url: window.location.href});
        }
      });
    }
  }

  function filename(response, fallback) {
    var header = response.headers.get('Content-Disposition') || '';
    var match = /filename\*=UTF-8''([^;]+)/i.exec(header) || /filename="?([^";]+)"?/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  function enhanceExport(form) {
    var status = document.getElementById(form.getAttribute('data-status'));
    var button = form.querySelector('button[type="submit"]');
    if (!status || !button || !window.fetch || !window.URL || !URL.createObjectURL) {
      return;
    }
    function say(text, kind) {
      status.hidden = false;
      status.className = 'export-status export-status--' + kind;
      status.querySelector('[data-export-text]').textContent = text;
      status.querySelector('progress').hidden = kind !== 'working';
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      button.disabled = true;
      say(form.getAttribute('data-working'), 'working');
      fetch(form.action, {method: 'POST', body: new FormData(form), credentials: 'same-origin',
        headers: {'Accept': 'application/json'}})
        .then(function (response) {
          var disposition = response.headers.get('Content-Disposition') || '';
          if (response.ok && disposition.indexOf('attachment') === 0) {
            return response.blob().then(function (blob) {
              var link = document.createElement('a');
              link.href = URL.createObjectURL(blob);
              link.download = filename(response, 'my-data.json');
              document.body.appendChild(link);
              link.click();
              link.remove();
              window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
              say(form.getAttribute('data-done'), 'done');
            });
          }
          return response.text().then(function (html) {
            // The page the server answered says what went wrong (rate limit, CareCloud down...).
            var page = new DOMParser().parseFromString(html, 'text/html');
            var message = page.querySelector('[data-export-message]');
            say(message ? message.textContent.trim() : form.getAttribute('data-failed'), 'failed');
          });
        })
        .catch(function () { say(form.getAttribute('data-failed'), 'failed'); })
        .then(function () { button.disabled = false; });
    });
  }

  function enhancePrint(button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  }

  forgetOtherCards();
  startServiceWorker();
  Array.prototype.forEach.call(document.querySelectorAll('form[data-export]'), enhanceExport);
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), enhancePrint);
}());

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
