// "Inzage": who other than the starter and their coaches read the starter's
// record — who, in which role, when, and what they looked at.

import { html, nothing, type TemplateResult } from "lit";
import { get } from "../core/api.js";
import { dayAndTime } from "../core/format.js";
import { defineMessages, hasMessage, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import { roleLabel } from "../account/roles.js";
import { starterOf } from "./data.js";

defineMessages({
  nl: {
    "access.title": "Wie heeft mijn gegevens ingezien?",
    "access.intro": "Hier zie je wie er, naast jijzelf en je coach, naar je begeleidingsgegevens heeft gekeken. Zij zien dát je begeleiding krijgt (gesprekken, lesbezoeken), nooit wat er besproken is.",
    "access.none": "Niemand anders dan jij en je coach heeft je gegevens bekeken.",
    "access.who": "Wie",
    "access.role": "Rol",
    "access.when": "Wanneer",
    "access.what": "Wat",
    "access.more": "Meer laden",
    "access.action.GetStarter": "Je gegevens als starter",
    "access.action.ListStarters": "Een lijst met starters",
    "access.action.ListStarterTracking": "Het overzicht van de begeleiding (HR)",
    "access.action.ExportStarterTracking": "Een export van de begeleiding (HR)",
    "access.action.GetCoachingUsage": "Je gebruikte gesprekken",
    "access.action.ExportPersonalData": "Een kopie van al je gegevens, voor jou opgevraagd (AVG)",
    "access.question": "Klopt er iets niet? Vraag het de coördinator van je opleidingsschool.",
  },
  en: {
    "access.title": "Who has looked at my record?",
    "access.intro": "Here you see who, besides you and your coach, looked at your induction record. They see that you get guidance (sessions, lesson visits), never what was said.",
    "access.none": "Nobody but you and your coach has looked at your record.",
    "access.who": "Who",
    "access.role": "Role",
    "access.when": "When",
    "access.what": "What",
    "access.more": "Load more",
    "access.action.GetStarter": "Your starter record",
    "access.action.ListStarters": "A list of starters",
    "access.action.ListStarterTracking": "The guidance overview (HR)",
    "access.action.ExportStarterTracking": "An export of the guidance overview (HR)",
    "access.action.GetCoachingUsage": "Your sessions used",
    "access.action.ExportPersonalData": "A copy of all your data, requested on your behalf (GDPR)",
    "access.question": "Something wrong? Ask your partnership's coordinator.",
  },
});

interface AccessRecord {
  viewer?: string;
  viewerDisplayName?: string;
  viewerRole?: string;
  action?: string;
  accessTime?: string;
}

export class AccessScreen extends Screen {
  static properties = {
    ...Screen.properties,
    records: { state: true },
    next: { state: true },
  };

  declare records: AccessRecord[] | null;
  declare next: string;

  constructor() {
    super();
    this.records = null;
    this.next = "";
  }

  get heading(): string {
    return t("access.title");
  }

  protected async refresh(): Promise<void> {
    this.records = null;
    this.next = "";
    await this.more();
  }

  private async more(): Promise<void> {
    await this.run(async () => {
      const answer = await get<{ records?: AccessRecord[]; nextPageToken?: string }>(
        `/v1/${starterOf(this.session)}/accessRecords`, { pageSize: 50, pageToken: this.next });
      this.records = [...(this.records ?? []), ...(answer.records ?? [])];
      this.next = answer.nextPageToken ?? "";
    });
  }

  private what(action: string | undefined): string {
    return action && hasMessage(`access.action.${action}`) ? t(`access.action.${action}`) : (action ?? "");
  }

  private roleLabel(role: string | undefined): string {
    return role ? roleLabel(role) : "";
  }

  render(): TemplateResult {
    const records = this.records;
    return html`
      ${this.header()}
      <p>${t("access.intro")}</p>
      ${records === null
        ? (this.busy ? loading() : nothing)
        : records.length === 0
          ? html`<p class="empty">${t("access.none")}</p>`
          : html`<ul class="plain-list card access-list">${records.map((r) => html`<li>
              <p class="access-who"><strong>${r.viewerDisplayName || r.viewer || ""}</strong>
                <span class="badge">${this.roleLabel(r.viewerRole)}</span></p>
              <p class="access-what">${this.what(r.action)}</p>
              <p class="muted">${r.accessTime ? dayAndTime(r.accessTime) : ""}</p></li>`)}</ul>`}
      ${this.next ? html`<p><button type="button" class="button-secondary button-wide" ?disabled=${this.busy} @click=${() => this.more()}>${t("access.more")}</button></p>` : nothing}
      <p class="hint">${t("access.question")}</p>
    `;
  }
}

customElements.define("samen-starter-access", AccessScreen);
