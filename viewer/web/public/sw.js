// The viewer's service worker (issue 18): keeps the viewer's own files (the page and its /assets/) so that it
// starts without a connection. It never keeps an API answer: those are personal data, marked no-store, and go
// to the network every time; what a grid worker needs offline the page keeps itself, for that worker only.
const SHELL = 'gridgis-shell-v1';
const bypass = ['/api/', '/hangfire', '/tiles/', '/ogc', '/health', '/openapi'];

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const page = await fetch('/', { cache: 'no-store' });
    if (page.ok) {
      const html = await page.clone().text();
      await cache.put('/', page);
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(m => m[1]);
      await cache.addAll(assets);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== SHELL) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || bypass.some(p => url.pathname.startsWith(p))) return;
  if (request.mode === 'navigate') {
    // The page: the network's when it answers (a new build), else the kept one.
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(SHELL)).put('/', fresh.clone());
        return fresh;
      } catch {
        return (await caches.match('/')) ?? Response.error();
      }
    })());
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Built files carry their hash in their name: a kept one never changes.
    event.respondWith((async () => {
      const kept = await caches.match(request);
      if (kept) return kept;
      const fresh = await fetch(request);
      if (fresh.ok) (await caches.open(SHELL)).put(request, fresh.clone());
      return fresh;
    })());
  }
});
