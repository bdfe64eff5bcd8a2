// Client-side routes: each role's screens register theirs (see ../routes.ts),
// and a screen's code is only loaded when it is first shown. Paths are Dutch
// and stable, so a bookmarked or shared link keeps working.

import type { Role } from "./session.js";

export interface Route {
  // "/boeken", or with parameters: "/coach/gesprekken/:starter/:booking".
  path: string;
  // The custom element that shows it.
  tag: string;
  // Loads the module that defines `tag`.
  load: () => Promise<unknown>;
  // Who may open it (any of these roles); empty: everyone signed in.
  roles: Role[];
  // The message key of its label in the navigation, when it is listed there.
  nav?: string;
  // Icon name for the navigation (see ui.ts `icon`).
  icon?: string;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

const routes: Route[] = [];
const listeners = new Set<() => void>();

export function addRoutes(more: Route[]): void {
  routes.push(...more);
}

export function allRoutes(): readonly Route[] {
  return routes;
}

export function match(pathname: string): Match | null {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) {
      continue;
    }
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      if (segment.startsWith(":")) {
        params[segment.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment === parts[i];
    });
    if (ok) {
      return { route, params };
    }
  }
  return null;
}

export function onNavigate(listener: () => void): void {
  listeners.add(listener);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, "", path);
  } else {
    history.pushState(null, "", path);
  }
  for (const listener of listeners) {
    listener();
  }
}

// Same-origin links inside the app navigate without reloading the page.
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    const mouse = event as MouseEvent;
    if (mouse.defaultPrevented || mouse.button !== 0 || mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey) {
      return;
    }
    const link = (event.composedPath().find((node) => node instanceof HTMLAnchorElement) ?? null) as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) {
      return;
    }
    const url = new URL(link.href);
    if (url.pathname.startsWith("/v1/") || url.pathname.startsWith("/auth/")) {
      return;
    }
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => {
    for (const listener of listeners) {
      listener();
    }
  });
}
