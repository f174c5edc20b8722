// reterete: the service worker of the phone page /log. It keeps the page and
// its files so that the page opens without signal; the entries themselves
// wait in the page's storage (log.js), never here. Network first: a page
// that can be fetched is always the current one.
"use strict";
var CACHE = "reterete-log-v1";
var FILES = ["/log", "/static/app.css", "/static/app.js", "/static/log.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("reterete-log") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || FILES.indexOf(url.pathname) < 0) { return; }
  var key = url.pathname;
  event.respondWith(fetch(request).then(function (response) {
    // keep only the page itself (not a login page it was sent to)
    if (response.ok && !response.redirected && new URL(response.url).pathname === key) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (hit) { return hit || Response.error(); });
  }));
});
