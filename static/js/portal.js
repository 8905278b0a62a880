/* The portal's one script. It only enhances pages that work without it (docs/architecture.md, "JavaScript"):
   - registers the service worker that keeps the card for the till offline (portal/core/webapp.py),
     and deletes every offline card but the current session's (none when logged out);
   - downloads "my data" with a progress message instead of a silent wait;
   - shows a print button on the printable export;
   - keeps a public page's language choice in the language cookie;
   - brings the current page's navigation item into view on a phone;
   - closes the navigation's "More" on Escape (focus back on its summary) and on a click or tap outside it;
   - sorts the store finder by distance, once the member asks and the browser may tell where they are. */
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

// The navigation's "More" (a <details>: without JavaScript its summary alone opens and closes it) closes
// as a menu does: on Escape, giving the focus back to its summary, and on a click or tap anywhere else.
// pointerdown rather than click: a tap on something that is no link or button makes no click in every
// mobile browser.
function closeMoreMenus(keep) {
  var closed = [];
  Array.prototype.forEach.call(document.querySelectorAll("details.more-menu[open]"), function (menu) {
    if (menu !== keep) {
      menu.open = false;
      closed.push(menu);
    }
  });
  return closed;
}

document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" && event.key !== "Esc") {
    return;
  }
  closeMoreMenus(null).forEach(function (menu) {
    var summary = menu.querySelector("summary");
    if (summary) {
      summary.focus();
    }
  });
});

document.addEventListener("pointerdown", function (event) {
  var inside = event.target.closest ? event.target.closest("details.more-menu") : null;
  closeMoreMenus(inside);
});

// The store finder: without JavaScript the stores are sorted by city (the home store first). With
// it, a button asks the browser for the member's position and re-sorts them by distance (the home
// store stays first), showing each one's distance. The position never leaves the browser.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-sort-distance]");
  var list = document.querySelector("[data-store-list]");
  if (!button || !list || !("geolocation" in navigator)) {
    return;
  }
  var status = document.querySelector("[data-sort-status]");
  var language = document.documentElement.lang || undefined;
  var format = window.Intl ? new Intl.NumberFormat(language, {maximumFractionDigits: 1}) : null;

  function kilometres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function sortBy(position) {
    var here = position.coords;
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) {
      var lat = parseFloat(item.dataset.lat);
      var lon = parseFloat(item.dataset.lon);
      item.distance = isNaN(lat) || isNaN(lon) ? Infinity : kilometres(here.latitude, here.longitude, lat, lon);
      var label = item.querySelector("[data-distance]");
      if (label && item.distance !== Infinity) {
        var value = format ? format.format(item.distance) : item.distance.toFixed(1);
        label.textContent = button.dataset.distanceLabel.replace("%(distance)s", value);
        label.hidden = false;
      }
    });
    items.sort(function (a, b) {
      var home = (b.hasAttribute("data-home") ? 1 : 0) - (a.hasAttribute("data-home") ? 1 : 0);
      return home || a.distance - b.distance;
    });
    items.forEach(function (item) { list.appendChild(item); });
    if (status) {
      status.textContent = button.dataset.sorted;
    }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(sortBy, function () {
      if (status) {
        status.textContent = button.dataset.denied;
      }
    }, {maximumAge: 600000, timeout: 10000});
  });
});
