// Who is signed in: the gateway's web session (GET /auth/session), with the
// person's grants ("role" or "role@scope"). Signing in and out are browser
// navigations to the gateway, which talks to the school's identity provider.

import { ApiError, call, getJson, setCsrfToken } from "./api.js";

export type Role = "starter" | "coach" | "hr" | "coordinator" | "admin" | string;

export interface Grant {
  role: Role;
  // "organisations/almere-college-dronten", "partnerships/osof", or "" for a
  // grant without scope.
  scope: string;
}

export interface Session {
  person: string;
  displayName: string;
  grants: Grant[];
  csrfToken: string;
  expireTime: string;
  // Set when the session came from the offline cache.
  cachedAt?: Date;
}

export function parseGrant(text: string): Grant {
  const at = text.indexOf("@");
  return at < 0 ? { role: text, scope: "" } : { role: text.slice(0, at), scope: text.slice(at + 1) };
}

// The person's id: "people/starter-noor" -> "starter-noor".
export function personId(session: Session): string {
  return session.person.replace(/^people\//, "");
}

export function hasRole(session: Session, role: Role): boolean {
  return session.grants.some((grant) => grant.role === role);
}

// The scopes the person has `role` in.
export function scopesOf(session: Session, role: Role): string[] {
  return session.grants.filter((grant) => grant.role === role).map((grant) => grant.scope);
}

// The signed-in session, or null when nobody is (401).
export async function loadSession(): Promise<Session | null> {
  try {
    const { data, cachedAt } = await getJson<Omit<Session, "grants"> & { grants: string[] }>("/auth/session");
    setCsrfToken(data.csrfToken);
    return { ...data, grants: data.grants.map(parseGrant), cachedAt };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function signIn(returnTo = location.pathname + location.search): void {
  location.assign(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
}

// Ends the session at Samen and then at the identity provider (so that a
// shared school computer does not sign the next person in silently).
export async function signOut(): Promise<void> {
  let next = "/";
  try {
    const answer = await call<{ logoutUrl?: string }>("POST", "/auth/logout");
    next = answer?.logoutUrl || "/";
  } finally {
    navigator.serviceWorker?.controller?.postMessage({ type: "signed-out" });
    location.assign(next);
  }
}
