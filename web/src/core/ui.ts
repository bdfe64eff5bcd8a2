// What every screen shares: the base class (light DOM, so the one
// stylesheet applies and axe and the browser tests see plain HTML), the
// signed-in session, re-rendering on a language switch, the screen's title
// (document.title and focus on navigation, for screen-reader users), and the
// notices for errors, offline data and success.

import { html, LitElement, nothing, type TemplateResult } from "lit";
import { explain, type Explanation } from "./errors.js";
import { dayAndTime } from "./format.js";
import { defineMessages, onLocaleChange, t } from "./i18n.js";
import type { Session } from "./session.js";

defineMessages({
  nl: {
    "ui.loading": "Bezig met laden…",
    "ui.retry": "Opnieuw proberen",
    "ui.offlineSince": "Offline — laatst bijgewerkt {when}",
    "ui.close": "Sluiten",
    "ui.cancel": "Annuleren",
    "ui.save": "Opslaan",
    "ui.back": "Terug",
  },
  en: {
    "ui.loading": "Loading…",
    "ui.retry": "Try again",
    "ui.offlineSince": "Offline — last updated {when}",
    "ui.close": "Close",
    "ui.cancel": "Cancel",
    "ui.save": "Save",
    "ui.back": "Back",
  },
});

export abstract class Screen extends LitElement {
  static properties = {
    session: { attribute: false },
    params: { attribute: false },
    busy: { state: true },
    failure: { state: true },
    cachedAt: { state: true },
  };

  declare session: Session;
  declare params: Record<string, string>;
  // A load or action in progress.
  declare busy: boolean;
  // The last failure, explained.
  declare failure: Explanation | null;
  // Set when what is shown came from the offline cache.
  declare cachedAt: Date | undefined;

  private stopListening: (() => void) | null = null;

  constructor() {
    super();
    this.params = {};
    this.busy = false;
    this.failure = null;
  }

  protected createRenderRoot(): HTMLElement {
    return this;
  }

  // The screen's heading, also the tab's title.
  abstract get heading(): string;

  connectedCallback(): void {
    super.connectedCallback();
    this.stopListening = onLocaleChange(() => this.requestUpdate());
    void this.refresh();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  // Loads the screen's data; `run` shows progress and explains failures.
  protected async refresh(): Promise<void> {}

  // Runs `work` with the busy flag set; a failure is kept (and shown by
  // `notices()`), the result is returned when it worked.
  protected async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.failure = null;
    try {
      return await work();
    } catch (error) {
      this.failure = explain(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  // Remembers that `fetched` came from the offline cache (or not).
  protected note<T>(fetched: { data: T; cachedAt?: Date }): T {
    if (fetched.cachedAt) {
      this.cachedAt = fetched.cachedAt;
    }
    return fetched.data;
  }

  protected updated(): void {
    document.title = `${this.heading} · Samen`;
  }

  // The heading, the offline marker and the failure, at the top of a screen.
  protected header(extra: TemplateResult | typeof nothing = nothing): TemplateResult {
    return html`
      <header class="screen-header">
        <h1 tabindex="-1">${this.heading}</h1>
        ${extra}
      </header>
      ${offlineNote(this.cachedAt)} ${problemNotice(this.failure, () => this.refresh())}
    `;
  }
}

export function offlineNote(cachedAt: Date | undefined): TemplateResult | typeof nothing {
  if (!cachedAt) {
    return nothing;
  }
  return html`<p class="notice notice-offline" role="status">${t("ui.offlineSince", { when: dayAndTime(cachedAt) })}</p>`;
}

export function problemNotice(failure: Explanation | null, retry?: () => void): TemplateResult | typeof nothing {
  if (!failure) {
    return nothing;
  }
  return html`
    <div class="notice notice-error" role="alert">
      <p class="notice-title">${failure.message}</p>
      <p>${failure.next}</p>
      ${failure.details.length ? html`<ul>${failure.details.map((d) => html`<li>${d}</li>`)}</ul>` : nothing}
      ${retry ? html`<button type="button" class="button-secondary" @click=${retry}>${t("ui.retry")}</button>` : nothing}
    </div>
  `;
}

export function successNotice(text: string): TemplateResult {
  return html`<p class="notice notice-success" role="status">${text}</p>`;
}

export function loading(): TemplateResult {
  return html`<p class="loading" role="status" aria-live="polite">${t("ui.loading")}</p>`;
}
