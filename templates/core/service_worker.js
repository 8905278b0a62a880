/* The portal's service worker (portal/core/webapp.py says what it keeps and why).
   Static files by their hashed names: cache first. The card for the till: network first, the
   current session's copy when there is no network. Every other page: the network, and when there
   is none, the card (if this session kept one) or the offline page. Nothing else is stored. */
'use strict';

const VERSION = '{{ version }}';
const STATIC_CACHE = 'portal-static-' + VERSION;
const CARD_PREFIX = 'portal-till-';
const PRECACHE = {{ precache|safe }};
const OFFLINE_PAGES = {{ offline_pages|safe }};
const CARD_PAGES = {{ card_pages|safe }};
const KEY_HEADER = {{ key_header|safe }};
const EXPIRES_HEADER = {{ expires_header|safe }};
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then((cache) => cache.addAll(PRECACHE.concat(Object.values(OFFLINE_PAGES))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith('portal-static-') && name !== STATIC_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function languageOf(pathname) {
  const code = pathname.split('/')[1];
  return Object.prototype.hasOwnProperty.call(OFFLINE_PAGES, code) ? code : Object.keys(OFFLINE_PAGES)[0];
}

function isCardPage(pathname) {
  return Object.values(CARD_PAGES).includes(pathname);
}

async function forgetCards(except) {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith(CARD_PREFIX) && name !== except)
    .map((name) => caches.delete(name)));
}

async function keepCard(url, response) {
  const key = response.headers.get(KEY_HEADER) || '';
  if (!response.ok || response.redirected || !KEY_PATTERN.test(key)) {
    // No session (the login page answered) or no card to keep: nothing of an earlier session stays.
    await forgetCards(null);
    return;
  }
  const name = CARD_PREFIX + key;
  await forgetCards(name);
  const cache = await caches.open(name);
  await cache.put(url, response);
}

async function cachedCard(pathname) {
  const names = (await caches.keys()).filter((name) => name.startsWith(CARD_PREFIX));
  for (const name of names) {
    const cache = await caches.open(name);
    const requests = await cache.keys();
    const wanted = requests.find((request) => new URL(request.url).pathname === pathname) || requests[0];
    const response = wanted && await cache.match(wanted);
    if (!response) {
      continue;
    }
    const expires = Number(response.headers.get(EXPIRES_HEADER) || 0);
    if (expires * 1000 < Date.now()) {
      await caches.delete(name); // the session is over: so is its card
      continue;
    }
    return response;
  }
  return null;
}

async function offlinePage(url) {
  const language = languageOf(url.pathname);
  const card = await cachedCard(CARD_PAGES[language]);
  if (card) {
    return Response.redirect(CARD_PAGES[language], 302);
  }
  const page = await caches.match(OFFLINE_PAGES[language], {cacheName: STATIC_CACHE, ignoreVary: true});
  return page || new Response('Offline', {status: 503, headers: {'Content-Type': 'text/plain'}});
}

async function cardPage(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    await keepCard(url.href, response.clone());
    return response;
  } catch (error) {
    const card = await cachedCard(url.pathname);
    return card || offlinePage(url);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request, {cacheName: STATIC_CACHE, ignoreVary: true}).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== 'navigate') {
    return;
  }
  if (isCardPage(url.pathname)) {
    event.respondWith(cardPage(request));
    return;
  }
  event.respondWith(fetch(request).catch(() => offlinePage(url)));
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'keep-card' && typeof data.url === 'string') {
    // The card page was opened before this worker controlled it: keep it now.
    const url = new URL(data.url, self.location.origin);
    if (url.origin === self.location.origin && isCardPage(url.pathname)) {
      event.waitUntil(fetch(url.href, {credentials: 'same-origin'})
        .then((response) => keepCard(url.href, response))
        .catch(() => undefined));
    }
  } else if (data.type === 'forget-cards') {
    event.waitUntil(forgetCards(typeof data.except === 'string' ? data.except : null));
  }
});
