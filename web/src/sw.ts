/// <reference lib="webworker" />
// Samen's service worker. The app shell (index.html and the hashed assets of
// this build) is kept for offline use; the starter's own data (the session,
// their starter record, programme and bookings) is fetched from the network
// first and kept, so that without a connection the app still shows the next
// sessions, marked with when they were fetched (X-Samen-Cached-At). Signing
// out deletes the kept data. Nothing else is cached.

declare const SAMEN_VERSION: string;
declare const SAMEN_PRECACHE: string[];

const sw = self as unknown as ServiceWorkerGlobalScope;
const shellCache = `samen-shell-${SAMEN_VERSION}`;
const dataCache = "samen-data-v1";

// The API answers kept for offline reading.
const keptData = [
  /^\/auth\/session$/,
  /^\/v1\/starters\/[^/]+$/,
  /^\/v1\/starters\/[^/]+\/bookings$/,
  /^\/v1\/programmes\/[^/]+$/,
  // The starter's coaching usage this year, and their coach's name.
  /^\/v1\/starters\/[^/]+\/coachingUsage$/,
  /^\/v1\/people\/[^/]+$/,
  // Their lesson visits and intervision meetings.
  /^\/v1\/events$/,
];

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(shellCache).then((cache) => cache.addAll(["/", ...SAMEN_PRECACHE])).then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("samen-shell-") && name !== shellCache).map((name) => caches.delete(name))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("message", (event) => {
  if (event.data?.type === "signed-out") {
    event.waitUntil(caches.delete(dataCache));
  }
});

async function keep(request: Request, response: Response): Promise<void> {
  const headers = new Headers(response.headers);
  headers.set("X-Samen-Cached-At", new Date().toISOString());
  const body = await response.clone().blob();
  const cache = await caches.open(dataCache);
  await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

async function networkFirstData(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      await keep(request, response.clone());
    } else if (response.status === 401) {
      await caches.delete(dataCache);
    }
    return response;
  } catch (offline) {
    const cache = await caches.open(dataCache);
    const kept = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (kept) {
      return kept;
    }
    throw offline;
  }
}

async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (offline) {
    const shell = await caches.match("/", { cacheName: shellCache });
    if (shell) {
      return shell;
    }
    throw offline;
  }
}

async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: shellCache });
  return kept ?? fetch(request);
}

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    if (url.pathname.startsWith("/auth/") || url.pathname.startsWith("/v1/") || url.pathname.startsWith("/oauth/")) {
      return;
    }
    event.respondWith(page(request));
    return;
  }
  if (keptData.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirstData(request));
    return;
  }
  if (url.pathname.startsWith("/assets/") || SAMEN_PRECACHE.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
