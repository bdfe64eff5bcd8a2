// Meldingen (/account/meldingen): which e-mail Samen sends the signed-in
// person — the language, a reminder before each coaching session and how long
// before, and for HR the weekly digest. Confirmations and changes are always
// sent and have no switch. Saved with the etag it was read with: when the
// settings changed elsewhere in the meantime, the newest are shown and the
// change is redone.

import { html, nothing, type TemplateResult } from "lit";
import { EditScreen } from "../core/edit_screen.js";
import { defineMessages, t } from "../core/i18n.js";
import { hasRole, personId } from "../core/session.js";
import { loading, successNotice } from "../core/ui.js";

defineMessages({
  nl: {
    "notify.title": "Meldingen",
    "notify.intro": "Kies welke e-mails je van Samen krijgt.",
    "notify.always": "Bevestigingen en wijzigingen van je afspraken en inschrijvingen krijg je altijd per e-mail, ook als je alles hieronder uitzet.",
    "notify.language": "Taal van de e-mails",
    "notify.reminders": "Herinneringen",
    "notify.sessionReminders": "Herinnering vóór elk coachingsgesprek",
    "notify.lead": "Hoe lang van tevoren",
    "notify.lead.hours": "{n} uur",
    "notify.lead.day": "1 dag",
    "notify.lead.days": "{n} dagen",
    "notify.lead.minutes": "{n} minuten",
    "notify.hr": "Voor HR",
    "notify.hrDigest": "Wekelijkse e-mail over starters van je school die aandacht nodig hebben",
    "notify.save": "Meldingen opslaan",
    "notify.saved": "Je meldingen zijn opgeslagen.",
  },
  en: {
    "notify.title": "Notifications",
    "notify.intro": "Choose which e-mails Samen sends you.",
    "notify.always": "Confirmations and changes of your appointments and enrolments are always e-mailed to you, even if you switch off everything below.",
    "notify.language": "Language of the e-mails",
    "notify.reminders": "Reminders",
    "notify.sessionReminders": "Reminder before each coaching session",
    "notify.lead": "How long before",
    "notify.lead.hours": "{n} hours",
    "notify.lead.day": "1 day",
    "notify.lead.days": "{n} days",
    "notify.lead.minutes": "{n} minutes",
    "notify.hr": "For HR",
    "notify.hrDigest": "Weekly e-mail about your school's starting teachers who need attention",
    "notify.save": "Save notifications",
    "notify.saved": "Your notifications have been saved.",
  },
});

// people/{person}/notificationSettings; `reminderLead` is a Duration ("86400s").
// proto3 JSON leaves out false values: a missing flag is off.
interface NotificationSettings {
  name?: string;
  language?: string;
  sessionReminders?: boolean;
  reminderLead?: string;
  hrDigest?: boolean;
  etag?: string;
  updateTime?: string;
}

// The choices offered, in seconds: 1 hour, 3 hours, 1 day, 2 days.
const leads = [3600, 3 * 3600, 86400, 2 * 86400];

function seconds(duration: string | undefined): number {
  return Math.round(Number.parseFloat(duration ?? "86400s")) || 86400;
}

function leadLabel(value: number): string {
  if (value === 86400) {
    return t("notify.lead.day");
  }
  if (value % 86400 === 0) {
    return t("notify.lead.days", { n: value / 86400 });
  }
  if (value % 3600 === 0) {
    return t("notify.lead.hours", { n: value / 3600 });
  }
  return t("notify.lead.minutes", { n: Math.round(value / 60) });
}

export class NotificationSettingsScreen extends EditScreen<NotificationSettings> {
  get heading(): string {
    return t("notify.title");
  }

  protected get path(): string {
    return `/v1/people/${encodeURIComponent(personId(this.session))}/notificationSettings`;
  }

  private change(patch: Partial<NotificationSettings>): void {
    this.draft = { ...this.draft!, ...patch };
    this.saved = false;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const draft = this.draft!;
    // The body's fields are what changes; the digest only for HR.
    const body: NotificationSettings = {
      language: draft.language ?? "nl",
      sessionReminders: draft.sessionReminders === true,
      reminderLead: draft.reminderLead ?? "86400s",
      etag: draft.etag ?? "",
    };
    if (hasRole(this.session, "hr")) {
      body.hrDigest = draft.hrDigest === true;
    }
    await this.saveDraft(body, /*ifMatch=*/false);
  }

  private languages(draft: NotificationSettings): TemplateResult {
    const current = draft.language ?? "nl";
    return html`
      <fieldset class="card notify-group">
        <legend>${t("notify.language")}</legend>
        ${[["nl", "Nederlands"], ["en", "English"]].map(([code, name]) => html`
          <label class="check"><input type="radio" name="notify-language" value=${code} .checked=${current === code}
            @change=${() => this.change({ language: code })}><span lang=${code}>${name}</span></label>`)}
      </fieldset>`;
  }

  private reminders(draft: NotificationSettings): TemplateResult {
    const on = draft.sessionReminders === true;
    const lead = seconds(draft.reminderLead);
    const options = leads.includes(lead) ? leads : [...leads, lead].sort((a, b) => a - b);
    return html`
      <fieldset class="card notify-group">
        <legend>${t("notify.reminders")}</legend>
        <label class="check"><input id="notify-reminders" type="checkbox" .checked=${on}
          @change=${(e: Event) => this.change({ sessionReminders: (e.target as HTMLInputElement).checked })}>
          ${t("notify.sessionReminders")}</label>
        <label for="notify-lead">${t("notify.lead")}</label>
        <select id="notify-lead" ?disabled=${!on}
          @change=${(e: Event) => this.change({ reminderLead: `${(e.target as HTMLSelectElement).value}s` })}>
          ${options.map((value) => html`<option value=${value} ?selected=${value === lead}>${leadLabel(value)}</option>`)}
        </select>
      </fieldset>`;
  }

  private digest(draft: NotificationSettings): TemplateResult | typeof nothing {
    if (!hasRole(this.session, "hr")) {
      return nothing;
    }
    return html`
      <fieldset class="card notify-group">
        <legend>${t("notify.hr")}</legend>
        <label class="check"><input id="notify-digest" type="checkbox" .checked=${draft.hrDigest === true}
          @change=${(e: Event) => this.change({ hrDigest: (e.target as HTMLInputElement).checked })}>
          ${t("notify.hrDigest")}</label>
      </fieldset>`;
  }

  render(): TemplateResult {
    const draft = this.draft;
    return html`
      ${this.header()}
      <p><a href="/account">${t("ui.back")}</a></p>
      ${this.saved ? successNotice(t("notify.saved")) : nothing}
      ${draft === null ? (this.busy ? loading() : nothing) : html`
        <p class="hint">${t("notify.intro")}</p>
        <p class="notice notice-info">${t("notify.always")}</p>
        <form @submit=${(e: SubmitEvent) => this.save(e)}>
          ${this.languages(draft)} ${this.reminders(draft)} ${this.digest(draft)}
          <p><button type="submit" class="button-primary button-wide" ?disabled=${this.busy}>${t("notify.save")}</button></p>
        </form>`}
    `;
  }
}

customElements.define("samen-account-notifications", NotificationSettingsScreen);
