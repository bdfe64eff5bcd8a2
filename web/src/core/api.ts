// The app's only way to the server: Samen's public HTTP API on the same
// origin. The session cookie (HttpOnly, set by the gateway at sign-in) goes
// along by itself; state-changing requests carry the session's anti-CSRF
// token. Failures become an `ApiError` that the screens turn into a sentence
// (errors.ts); the service worker marks answers it served from its cache.

export interface FieldViolation {
  field: string;
  description: string;
}

export class ApiError extends Error {
  constructor(
    // HTTP status; 0 when the server could not be reached (offline).
    readonly status: number,
    // The problem's `reason` (e.g. SLOT_TAKEN) or its gRPC `code`.
    readonly reason: string,
    readonly detail: string,
    readonly fieldViolations: FieldViolation[] = [],
    // Seconds to wait before trying again (429, 503).
    readonly retryAfter = 0,
  ) {
    super(detail || reason || `HTTP ${status}`);
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

// What a GET answered, and when it was fetched if it came from the offline
// cache rather than the network.
export interface Fetched<T> {
  data: T;
  cachedAt?: Date;
}

let csrfToken = "";
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// Called when the server says the session is gone (401 on an API call).
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

export type Query = Record<string, string | number | boolean | undefined | string[]>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "") {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("Retry-After") ?? "0") || 0;
  let body: Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    // Not a problem document (e.g. a proxy's page); the status speaks.
  }
  const reason = String(body.reason ?? body.code ?? "");
  const violations = Array.isArray(body.field_violations)
    ? (body.field_violations as FieldViolation[])
    : [];
  return new ApiError(response.status, reason, String(body.detail ?? ""), violations, retryAfter);
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...headers },
  };
  if (method !== "GET" && method !== "HEAD") {
    (init.headers as Record<string, string>)["X-CSRF-Token"] = csrfToken;
  }
  if (body !== undefined) {
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "OFFLINE", "");
  }
  if (response.status === 401 && path.startsWith("/v1/")) {
    onSignedOut();
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response;
}

export async function getJson<T>(path: string, query?: Query): Promise<Fetched<T>> {
  const response = await send("GET", withQuery(path, query));
  const cached = response.headers.get("X-Samen-Cached-At");
  return { data: (await response.json()) as T, cachedAt: cached ? new Date(cached) : undefined };
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  return (await getJson<T>(path, query)).data;
}

export async function getText(path: string, query?: Query): Promise<string> {
  return (await send("GET", withQuery(path, query), undefined, { Accept: "text/csv, text/plain, */*" })).text();
}

// POST, PATCH, DELETE. A retried click must not act twice: pass an
// idempotency key for creating calls (`newRequestKey()`).
export async function call<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown, options: { idempotencyKey?: string; ifMatch?: string; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.idempotencyKey) {
    headers["Idempotency-Key"] = options.idempotencyKey;
  }
  if (options.ifMatch) {
    headers["If-Match"] = options.ifMatch;
  }
  const response = await send(method, withQuery(path, options.query), body, headers);
  if (response.status === 204) {
    return undefined as T;
  }
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await response.json() : await response.text()) as T;
}

export function newRequestKey(): string {
  return crypto.randomUUID();
}

// Every page of a list: `items` is the response's repeated field.
export async function getAll<T>(path: string, items: string, query: Query = {}, limit = 20): Promise<T[]> {
  const all: T[] = [];
  let pageToken = "";
  for (let page = 0; page < limit; page++) {
    const data = await get<Record<string, unknown>>(path, { ...query, pageSize: 100, pageToken });
    all.push(...((data[items] as T[] | undefined) ?? []));
    pageToken = String(data.nextPageToken ?? "");
    if (!pageToken) {
      break;
    }
  }
  return all;
}

// One idempotency key per thing being written: a retry of the same content
// reuses it (a lost answer does not write twice), other content gets a new
// one, and after a success the next write starts afresh.
export class RequestKeys {
  private content = "";
  private key = "";

  for(content: string): string {
    if (!this.key || content !== this.content) {
      this.content = content;
      this.key = newRequestKey();
    }
    return this.key;
  }

  done(): void {
    this.key = "";
  }
}
