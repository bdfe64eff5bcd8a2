// "Mijn account": who is signed in, with which roles where, the language,
// the way to the e-mail settings (Meldingen, notifications.ts) and to their
// data (Mijn gegevens, privacy.ts), and signing out (at Samen and at the school's identity provider).

import { html, type TemplateResult } from "lit";
import { dayAndTime } from "../core/format.js";
import { defineMessages, locale, setLocale, t } from "../core/i18n.js";
import { signOut } from "../core/session.js";
import { Screen } from "../core/ui.js";
import { roleLabel } from "./roles.js";

defineMessages({
  nl: {
    "account.title": "Mijn account",
    "account.roles": "Je rollen",
    "account.scopeAll": "overal",
    "account.language": "Taal",
    "account.notifications": "Meldingen",
    "account.notificationsHint": "Welke e-mails je krijgt: herinneringen voor gesprekken en de taal.",
    "account.privacy": "Mijn gegevens",
    "account.privacyHint": "Een kopie van alles wat Samen over je bewaart, en hoe je gegevens laat verwijderen.",
    "account.session": "Je blijft ingelogd tot uiterlijk {when}.",
    "account.signOut": "Uitloggen",
  },
  en: {
    "account.title": "My account",
    "account.roles": "Your roles",
    "account.scopeAll": "everywhere",
    "account.language": "Language",
    "account.notifications": "Notifications",
    "account.notificationsHint": "Which e-mails you get: reminders of sessions and the language.",
    "account.privacy": "My data",
    "account.privacyHint": "A copy of everything Samen keeps about you, and how to have your data erased.",
    "account.session": "You stay signed in until {when} at the latest.",
    "account.signOut": "Sign out",
  },
});

export class AccountScreen extends Screen {
  get heading(): string {
    return t("account.title");
  }

  render(): TemplateResult {
    const session = this.session;
    return html`
      ${this.header()}
      <section class="card">
        <p class="lead">${session.displayName}</p>
        <h2>${t("account.roles")}</h2>
        <ul class="plain-list">
          ${session.grants.map((grant) => html`<li>${roleLabel(grant.role)} — <span class="muted">${grant.scope || t("account.scopeAll")}</span></li>`)}
        </ul>
      </section>
      <section class="card">
        <h2 id="language-heading">${t("account.language")}</h2>
        <div class="segmented" role="group" aria-labelledby="language-heading">
          <button type="button" aria-pressed=${locale() === "nl"} lang="nl" @click=${() => setLocale("nl")}>Nederlands</button>
          <button type="button" aria-pressed=${locale() === "en"} lang="en" @click=${() => setLocale("en")}>English</button>
        </div>
      </section>
      <section class="card">
        <h2><a href="/account/meldingen">${t("account.notifications")}</a></h2>
        <p class="hint">${t("account.notificationsHint")}</p>
      </section>
      <section class="card">
        <h2><a href="/account/gegevens">${t("account.privacy")}</a></h2>
        <p class="hint">${t("account.privacyHint")}</p>
      </section>
      <section class="card">
        <p>${t("account.session", { when: dayAndTime(session.expireTime) })}</p>
        <button type="button" class="button-secondary button-wide" @click=${() => this.run(signOut)}>${t("account.signOut")}</button>
      </section>
    `;
  }
}

customElements.define("samen-account", AccountScreen);
