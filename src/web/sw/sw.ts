// The tally's service worker: it keeps the app shell (the page, its scripts and styles) so that the
// tally opens on a phone without a network. The API is never cached: tallies wait in IndexedDB.
const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHE = 'corridor-tally-v1';
const SHELL = ['/tally', '/icon.svg', '/tally.webmanifest'];

/** The hashed scripts and styles the tally page loads, read from the page itself. */
async function shellAssets(): Promise<string[]> {
  const html = await (await fetch('/tally', { cache: 'no-store' })).text();
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...SHELL, ...(await shellAssets())]);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== worker.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/console-config.json') return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change content: the cache first, the network for what it lacks.
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const hit = await cache.match(event.request);
        if (hit) return hit;
        const res = await fetch(event.request);
        if (res.ok) await cache.put(event.request, res.clone());
        return res;
      })(),
    );
    return;
  }
  if (url.pathname === '/tally' || SHELL.includes(url.pathname)) {
    // The network first (a new build), the cached shell when offline.
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        try {
          const res = await fetch(event.request);
          if (res.ok) await cache.put(url.pathname, res.clone());
          return res;
        } catch {
          return (await cache.match(url.pathname)) ?? Response.error();
        }
      })(),
    );
  }
});

export {};
