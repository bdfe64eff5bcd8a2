// Vacatures (/hr/vacatures): the vacancies of HR's school — drafts,
// published and closed ones — newest first, each with its status, closing
// date, subjects and size, and the way to a new one. The employer line:
// HR writes the vacancies the regional vacancy site shows.

import { html, nothing, type TemplateResult } from "lit";
import { getAll } from "../core/api.js";
import { civilDate, number } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import { hrOrganisations, statusBadge, subjectLabel, type Vacancy, vacancyId } from "./vacancy-model.js";

defineMessages({
  nl: {
    "hrv.intro": "De vacatures van je school. Een concept ziet alleen HR (en de coördinator); na publiceren staat de vacature op de regionale vacaturesite.",
    "hrv.new": "Nieuwe vacature",
    "hrv.count.one": "{count} vacature",
    "hrv.count.other": "{count} vacatures",
    "hrv.none": "Je school heeft nog geen vacatures. Begin met een nieuwe vacature.",
    "hrv.noClosingDate": "Nog geen sluitingsdatum",
    "hrv.noSubjects": "Nog geen vak",
    "hrv.noScope": "Je HR-rol hoort niet bij een school, dus er zijn geen vacatures om te tonen.",
  },
  en: {
    "hrv.intro": "Your school's vacancies. Only HR (and the coordinator) see a draft; once published, the vacancy is on the regional vacancy site.",
    "hrv.new": "New vacancy",
    "hrv.count.one": "{count} vacancy",
    "hrv.count.other": "{count} vacancies",
    "hrv.none": "Your school has no vacancies yet. Start with a new one.",
    "hrv.noClosingDate": "No closing date yet",
    "hrv.noSubjects": "No subject yet",
    "hrv.noScope": "Your HR role is not tied to a school, so there are no vacancies to show.",
  },
});

export class HrVacanciesScreen extends Screen {
  static properties = {
    ...Screen.properties,
    vacancies: { state: true },
  };

  declare vacancies: Vacancy[] | null;

  constructor() {
    super();
    this.vacancies = null;
  }

  get heading(): string {
    return t("hrv.title");
  }

  protected async refresh(): Promise<void> {
    const organisations = hrOrganisations(this.session);
    if (!organisations.length) {
      this.vacancies = [];
      return;
    }
    await this.run(async () => {
      const lists = await Promise.all(organisations.map((o) => getAll<Vacancy>(`/v1/${o}/vacancies`, "vacancies")));
      // Newest first: the API lists by name.
      this.vacancies = lists.flat().sort((a, b) => (b.createTime ?? "").localeCompare(a.createTime ?? ""));
    });
  }

  private item(v: Vacancy): TemplateResult {
    const facts = [
      v.subjects?.length ? v.subjects.map(subjectLabel).join(", ") : t("hrv.noSubjects"),
      v.fte ? t("vacancy.fte", { fte: number(v.fte, 2) }) : "",
    ].filter(Boolean).join(" · ");
    return html`<li>
      <a class="hrv-item" href=${`/hr/vacatures/${encodeURIComponent(vacancyId(v.name))}`}>
        <span class="hrv-item-top"><span class="hrv-item-title">${v.title}</span>${statusBadge(v.status)}</span>
        <span class="hrv-item-facts muted">${facts}</span>
        <span class="hrv-item-facts muted">${v.closingDate ? t("hrv.closes", { date: civilDate(v.closingDate) }) : t("hrv.noClosingDate")}${
          v.schoolDisplayName ? html` · ${v.schoolDisplayName}` : nothing}</span>
      </a>
    </li>`;
  }

  render(): TemplateResult {
    const list = this.vacancies;
    const allowed = hrOrganisations(this.session).length > 0;
    return html`
      ${this.header(allowed ? html`<a class="button-primary" href="/hr/vacatures/nieuw">${t("hrv.new")}</a>` : nothing)}
      <p class="hr-intro">${t("hrv.intro")}</p>
      ${!allowed ? html`<p class="empty">${t("hrv.noScope")}</p>` : nothing}
      ${list === null && this.busy ? loading() : nothing}
      ${list !== null && allowed ? html`
        <section aria-labelledby="hrv-list">
          <h2 id="hrv-list" class="visually-hidden">${t("hrv.title")}</h2>
          <p class="muted" role="status">${plural("hrv.count", list.length)}</p>
          ${list.length
            ? html`<ul class="plain-list hrv-list">${list.map((v) => this.item(v))}</ul>`
            : html`<p class="card empty">${t("hrv.none")}</p>`}
        </section>` : nothing}
    `;
  }
}

customElements.define("samen-hr-vacancies", HrVacanciesScreen);
