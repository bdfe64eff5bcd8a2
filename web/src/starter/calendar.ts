// "Agenda": the starter's sessions in their own calendar app. Issuing a feed
// gives a secret address (shown once: Samen keeps only its hash) as a
// webcal: link and a QR code to scan with the phone, with a short how-to for
// iPhone, Android and Outlook; revoking it stops every calendar that uses it.

import { html, nothing, type TemplateResult } from "lit";
import { unsafeSVG } from "lit/directives/unsafe-svg.js";
import { renderSVG } from "uqr";
import { call } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { Screen, successNotice } from "../core/ui.js";

defineMessages({
  nl: {
    "calendar.title": "Gesprekken in je agenda",
    "calendar.intro": "Zet je coachingsgesprekken, lesbezoeken en intervisie in de agenda van je telefoon of computer. Je agenda haalt wijzigingen zelf op.",
    "calendar.secret": "De link is persoonlijk: wie hem heeft, ziet je afspraken. Deel hem niet.",
    "calendar.issue": "Maak een agenda-link",
    "calendar.reissue": "Maak een nieuwe link",
    "calendar.replaces": "Had je al een link? Die stopt dan met werken.",
    "calendar.ready": "Je agenda-link is klaar. Hij wordt maar één keer getoond.",
    "calendar.open": "Toevoegen aan mijn agenda",
    "calendar.qr": "QR-code van je agenda-link",
    "calendar.qrHint": "Op je computer? Scan deze code met de camera van je telefoon.",
    "calendar.copyLabel": "Link om te plakken",
    "calendar.copy": "Kopieer link",
    "calendar.copied": "De link is gekopieerd.",
    "calendar.how": "Zo voeg je hem toe",
    "calendar.iphone": "iPhone en iPad",
    "calendar.iphoneHow": "Tik op ‘Toevoegen aan mijn agenda’ (of scan de code) en kies ‘Abonneer’.",
    "calendar.android": "Android (Google Agenda)",
    "calendar.androidHow": "Kopieer de link. Open calendar.google.com in een browser, kies bij ‘Andere agenda's’ het plusje en dan ‘Via URL’, en plak de link. Na een paar minuten staat de agenda ook op je telefoon.",
    "calendar.outlook": "Outlook",
    "calendar.outlookHow": "Kopieer de link. Kies in Outlook ‘Agenda toevoegen’ en dan ‘Abonneren via internet’, en plak de link.",
    "calendar.revokeTitle": "Link intrekken",
    "calendar.revokeText": "Telefoon kwijt of link gedeeld? Trek de link in: geen enkele agenda kan je afspraken dan nog ophalen. Daarna kun je een nieuwe maken.",
    "calendar.revoke": "Link intrekken",
    "calendar.revoked": "De link is ingetrokken. Agenda's die hem gebruikten, krijgen geen nieuwe afspraken meer.",
  },
  en: {
    "calendar.title": "Sessions in your calendar",
    "calendar.intro": "Put your coaching sessions, lesson visits and intervision in your phone's or computer's calendar. Your calendar fetches changes by itself.",
    "calendar.secret": "The link is personal: whoever has it sees your appointments. Do not share it.",
    "calendar.issue": "Make a calendar link",
    "calendar.reissue": "Make a new link",
    "calendar.replaces": "Had a link already? It stops working.",
    "calendar.ready": "Your calendar link is ready. It is shown only once.",
    "calendar.open": "Add to my calendar",
    "calendar.qr": "QR code of your calendar link",
    "calendar.qrHint": "On a computer? Scan this code with your phone's camera.",
    "calendar.copyLabel": "Link to paste",
    "calendar.copy": "Copy link",
    "calendar.copied": "The link has been copied.",
    "calendar.how": "How to add it",
    "calendar.iphone": "iPhone and iPad",
    "calendar.iphoneHow": "Tap ‘Add to my calendar’ (or scan the code) and choose ‘Subscribe’.",
    "calendar.android": "Android (Google Calendar)",
    "calendar.androidHow": "Copy the link. Open calendar.google.com in a browser, press the plus next to ‘Other calendars’, choose ‘From URL’ and paste the link. After a few minutes the calendar shows on your phone too.",
    "calendar.outlook": "Outlook",
    "calendar.outlookHow": "Copy the link. In Outlook choose ‘Add calendar’, then ‘Subscribe from web’, and paste the link.",
    "calendar.revokeTitle": "Revoke the link",
    "calendar.revokeText": "Lost your phone or shared the link? Revoke it: no calendar can fetch your appointments any more. You can make a new one afterwards.",
    "calendar.revoke": "Revoke the link",
    "calendar.revoked": "The link has been revoked. Calendars that used it get no new appointments.",
  },
});

interface CalendarFeed {
  name: string;
  token?: string;
  path?: string;
  issueTime?: string;
}

export class CalendarScreen extends Screen {
  static properties = {
    ...Screen.properties,
    feed: { state: true },
    done: { state: true },
  };

  declare feed: CalendarFeed | null;
  declare done: string;

  constructor() {
    super();
    this.feed = null;
    this.done = "";
  }

  get heading(): string {
    return t("calendar.title");
  }

  private get resource(): string {
    return `/v1/calendarFeeds/${personId(this.session)}`;
  }

  private async issue(): Promise<void> {
    this.done = "";
    const feed = await this.run(() => call<CalendarFeed>("POST", `${this.resource}:issue`, {}));
    if (feed) {
      this.feed = feed;
      await this.updateComplete;
      (this.querySelector(".feed-ready") as HTMLElement | null)?.focus();
    }
  }

  private async revoke(): Promise<void> {
    const ok = await this.run(async () => {
      await call("POST", `${this.resource}:revoke`, {});
      return true;
    });
    if (ok) {
      this.feed = null;
      this.done = t("calendar.revoked");
    }
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.done = t("calendar.copied");
    } catch {
      (this.querySelector("#feed-url") as HTMLInputElement | null)?.select();
    }
  }

  // The feed's https address on this site, and the same as webcal: for
  // calendar apps. Built from our own origin and the server's path only.
  private urls(feed: CalendarFeed): { https: string; webcal: string } | null {
    if (!feed.path || !feed.path.startsWith("/v1/calendarFeeds/")) {
      return null;
    }
    const https = new URL(feed.path, location.origin).href;
    return { https, webcal: https.replace(/^https?:/, "webcal:") };
  }

  private ready(feed: CalendarFeed): TemplateResult | typeof nothing {
    const urls = this.urls(feed);
    if (!urls) {
      return nothing;
    }
    // uqr draws the QR code of an address we built ourselves as SVG paths.
    const svg = renderSVG(urls.webcal, { ecc: "M", border: 2 });
    return html`
      <section class="card feed-ready" tabindex="-1" aria-labelledby="feed-title">
        <h2 id="feed-title">${t("calendar.ready")}</h2>
        <p><a class="button-primary button-wide" href=${urls.webcal}>${t("calendar.open")}</a></p>
        <figure class="qr">
          <div class="qr-code" role="img" aria-label=${t("calendar.qr")}>${unsafeSVG(svg)}</div>
          <figcaption class="hint">${t("calendar.qrHint")}</figcaption>
        </figure>
        <label for="feed-url">${t("calendar.copyLabel")}</label>
        <div class="copy-row">
          <input id="feed-url" type="url" readonly .value=${urls.https} @focus=${(e: Event) => (e.target as HTMLInputElement).select()}>
          <button type="button" class="button-secondary" @click=${() => this.copy(urls.https)}>${t("calendar.copy")}</button>
        </div>
        <p class="hint">${t("calendar.secret")}</p>
      </section>
    `;
  }

  render(): TemplateResult {
    const feed = this.feed;
    return html`
      ${this.header()}
      ${this.done ? successNotice(this.done) : nothing}
      <p>${t("calendar.intro")}</p>
      ${feed ? this.ready(feed) : nothing}
      <section class="card">
        <p><button type="button" class=${feed ? "button-secondary button-wide" : "button-primary button-wide"} ?disabled=${this.busy}
          @click=${() => this.issue()}>${feed ? t("calendar.reissue") : t("calendar.issue")}</button></p>
        <p class="hint">${t("calendar.replaces")}</p>
      </section>
      <section class="card" aria-labelledby="how-title">
        <h2 id="how-title">${t("calendar.how")}</h2>
        <h3>${t("calendar.iphone")}</h3><p>${t("calendar.iphoneHow")}</p>
        <h3>${t("calendar.android")}</h3><p>${t("calendar.androidHow")}</p>
        <h3>${t("calendar.outlook")}</h3><p>${t("calendar.outlookHow")}</p>
      </section>
      <section class="card" aria-labelledby="revoke-title">
        <h2 id="revoke-title">${t("calendar.revokeTitle")}</h2>
        <p>${t("calendar.revokeText")}</p>
        <button type="button" class="button-danger button-wide" ?disabled=${this.busy} @click=${() => this.revoke()}>${t("calendar.revoke")}</button>
      </section>
    `;
  }
}

customElements.define("samen-starter-calendar", CalendarScreen);
