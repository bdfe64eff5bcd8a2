// <samen-app>: the shell around every screen. It finds out who is signed in,
// shows the welcome page otherwise, lays out the navigation for the
// person's roles (a tab bar on a phone, a side bar on a wide screen), and
// shows the screen the address names, loading its code on first use.

import { html, LitElement, nothing, type TemplateResult } from "lit";
import { whenSignedOut } from "./core/api.js";
import { explain, type Explanation } from "./core/errors.js";
import { defineMessages, locale, onLocaleChange, setLocale, t } from "./core/i18n.js";
import { allRoutes, interceptLinks, match, navigate, onNavigate, type Route } from "./core/router.js";
import { hasRole, loadSession, signIn, type Session } from "./core/session.js";
import { offlineNote, problemNotice } from "./core/ui.js";
import { homeFor } from "./routes.js";

defineMessages({
  nl: {
    "app.skip": "Naar de inhoud",
    "app.nav": "Hoofdmenu",
    "app.signIn": "Inloggen",
    "app.welcome.title": "Welkom bij Samen",
    "app.welcome.text": "De app van je opleidingsschool: boek je coachingsgesprekken, volg je inductieprogramma en schrijf je in voor activiteiten.",
    "app.welcome.how": "Je logt in met het account van je school of bestuur.",
    "app.language": "English",
    "app.languageLabel": "Switch to English",
    "app.notFound": "Deze pagina bestaat niet.",
    "app.notAllowed": "Deze pagina is niet voor jouw rol.",
    "app.home": "Naar de startpagina",
    "app.offlineNoData": "Je bent offline en deze pagina was nog niet eerder geladen.",
  },
  en: {
    "app.skip": "Skip to content",
    "app.nav": "Main menu",
    "app.signIn": "Sign in",
    "app.welcome.title": "Welcome to Samen",
    "app.welcome.text": "Your teacher-education partnership's app: book coaching sessions, follow your induction programme and enrol in activities.",
    "app.welcome.how": "You sign in with your school's or board's account.",
    "app.language": "Nederlands",
    "app.languageLabel": "Wissel naar Nederlands",
    "app.notFound": "This page does not exist.",
    "app.notAllowed": "This page is not for your role.",
    "app.home": "Go to the start page",
    "app.offlineNoData": "You are offline and this page had not been loaded before.",
  },
});

export class SamenApp extends LitElement {
  static properties = {
    session: { state: true },
    failure: { state: true },
    ready: { state: true },
    view: { state: true },
  };

  declare session: Session | null;
  declare failure: Explanation | null;
  declare ready: boolean;
  declare view: TemplateResult | typeof nothing;

  constructor() {
    super();
    this.session = null;
    this.failure = null;
    this.ready = false;
    this.view = nothing;
  }

  protected createRenderRoot(): HTMLElement {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    interceptLinks(this);
    onNavigate(() => void this.show());
    onLocaleChange(() => this.requestUpdate());
    whenSignedOut(() => {
      this.session = null;
    });
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      this.session = await loadSession();
    } catch (error) {
      this.failure = explain(error);
    }
    this.ready = true;
    await this.show();
  }

  private allowed(route: Route): boolean {
    const session = this.session;
    return session !== null && (route.roles.length === 0 || route.roles.some((role) => hasRole(session, role)));
  }

  // Renders the screen for the current address.
  private async show(): Promise<void> {
    const session = this.session;
    if (!session) {
      return;
    }
    if (location.pathname === "/" || location.pathname === "") {
      const home = homeFor(session);
      if (home !== "/") {
        navigate(home, { replace: true });
        return;
      }
    }
    const found = match(location.pathname);
    if (!found) {
      this.view = this.message(t("app.notFound"));
      return;
    }
    if (!this.allowed(found.route)) {
      this.view = this.message(t("app.notAllowed"));
      return;
    }
    try {
      await found.route.load();
    } catch {
      this.view = this.message(t("app.offlineNoData"));
      return;
    }
    const screen = document.createElement(found.route.tag) as HTMLElement & { session: Session; params: Record<string, string> };
    screen.session = session;
    screen.params = found.params;
    this.view = html`${screen}`;
    await this.updateComplete;
    window.scrollTo(0, 0);
    // Moving focus to the new heading tells screen-reader users the page changed.
    requestAnimationFrame(() => (this.querySelector("main h1") as HTMLElement | null)?.focus({ preventScroll: true }));
  }

  private message(text: string): TemplateResult {
    return html`<div class="empty"><h1 tabindex="-1">${text}</h1><p><a href="/">${t("app.home")}</a></p></div>`;
  }

  private languageSwitch(): TemplateResult {
    return html`<button type="button" class="button-link language" lang=${locale() === "nl" ? "en" : "nl"}
      aria-label=${t("app.languageLabel")} @click=${() => setLocale(locale() === "nl" ? "en" : "nl")}>${t("app.language")}</button>`;
  }

  private navigation(): TemplateResult {
    const items = allRoutes().filter((route) => route.nav && this.allowed(route));
    // The item whose path is the longest prefix of the address is the current one.
    const here = location.pathname;
    const under = (route: Route) => here === route.path || (route.path !== "/" && here.startsWith(`${route.path}/`));
    const currentPath = items.filter(under).reduce((best, route) => (route.path.length > best.length ? route.path : best), "");
    return html`
      <nav class="app-nav" aria-label=${t("app.nav")}>
        <ul>
          ${items.map((route) => {
            const current = route.path === currentPath;
            return html`<li><a href=${route.path} aria-current=${current ? "page" : nothing}>
              <span class="nav-icon nav-icon-${route.icon ?? "dot"}" aria-hidden="true"></span>${t(route.nav!)}</a></li>`;
          })}
        </ul>
      </nav>
    `;
  }

  private welcome(): TemplateResult {
    return html`
      <main id="inhoud" class="welcome">
        <div class="welcome-mark" aria-hidden="true"></div>
        <h1>${t("app.welcome.title")}</h1>
        <p>${t("app.welcome.text")}</p>
        ${problemNotice(this.failure)}
        <p><button type="button" class="button-primary button-wide" @click=${() => signIn()}>${t("app.signIn")}</button></p>
        <p class="hint">${t("app.welcome.how")}</p>
        <p>${this.languageSwitch()}</p>
      </main>
    `;
  }

  render(): TemplateResult {
    if (!this.ready) {
      return html``;
    }
    const session = this.session;
    if (!session) {
      return this.welcome();
    }
    return html`
      <a class="skip-link" href="#inhoud">${t("app.skip")}</a>
      <header class="app-bar">
        <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Samen</a>
        <span class="app-bar-actions">${this.languageSwitch()}
          <a class="account-link" href="/account">${session.displayName}</a></span>
      </header>
      ${offlineNote(session.cachedAt)}
      <div class="app-body">
        ${this.navigation()}
        <main id="inhoud">${this.view}</main>
      </div>
    `;
  }
}

customElements.define("samen-app", SamenApp);
