// "Vacatures": published vacancies that fit the starter (their subjects,
// degree and region), with the school, subject, hours, closing date and a
// link to the vacancy itself.

import { html, nothing, type TemplateResult } from "lit";
import { get } from "../core/api.js";
import { civilDate, number } from "../core/format.js";
import { defineMessages, hasMessage, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import { safeLink } from "./data.js";

defineMessages({
  nl: {
    "vacancies.title": "Vacatures voor jou",
    "vacancies.intro": "Vacatures in jouw regio die passen bij je vak en bevoegdheid.",
    "vacancies.none": "Er zijn nu geen vacatures die bij je passen. Kijk later nog eens.",
    "vacancies.hours": "{fte} fte (ongeveer {hours} uur per week)",
    "vacancies.closes": "Solliciteren tot en met {date}",
    "vacancies.open": "Bekijk de vacature",
    "vacancies.openLabel": "Bekijk de vacature {title} (opent een nieuwe pagina)",
    "vacancies.school": "School",
    "vacancies.subject": "Vak",
    "vacancies.size": "Omvang",
    "vacancies.shortage": "Tekortvak",
    "vacancies.directHire": "Direct aan de slag zonder sollicitatieprocedure",
    "vacancies.more": "Meer laden",
    "subject.dutch": "Nederlands",
    "subject.english": "Engels",
    "subject.german": "Duits",
    "subject.french": "Frans",
    "subject.mathematics": "Wiskunde",
    "subject.physics": "Natuurkunde",
    "subject.chemistry": "Scheikunde",
    "subject.biology": "Biologie",
    "subject.technology": "Techniek",
    "subject.history": "Geschiedenis",
    "subject.geography": "Aardrijkskunde",
    "subject.economics": "Economie",
    "subject.computer-science": "Informatica",
  },
  en: {
    "vacancies.title": "Vacancies for you",
    "vacancies.intro": "Vacancies in your region that fit your subject and qualification.",
    "vacancies.none": "No vacancies fit you right now. Look again later.",
    "vacancies.hours": "{fte} FTE (about {hours} hours a week)",
    "vacancies.closes": "Apply until {date}",
    "vacancies.open": "View the vacancy",
    "vacancies.openLabel": "View the vacancy {title} (opens a new page)",
    "vacancies.school": "School",
    "vacancies.subject": "Subject",
    "vacancies.size": "Size",
    "vacancies.shortage": "Shortage subject",
    "vacancies.directHire": "Start without an application procedure",
    "vacancies.more": "Load more",
    "subject.dutch": "Dutch",
    "subject.english": "English",
    "subject.german": "German",
    "subject.french": "French",
    "subject.mathematics": "Mathematics",
    "subject.physics": "Physics",
    "subject.chemistry": "Chemistry",
    "subject.biology": "Biology",
    "subject.technology": "Technology",
    "subject.history": "History",
    "subject.geography": "Geography",
    "subject.economics": "Economics",
    "subject.computer-science": "Computer science",
  },
});

interface Vacancy {
  name: string;
  title: string;
  subjects?: string[];
  fte?: number;
  closingDate?: string;
  applicationUrl?: string;
  schoolWebsite?: string;
  schoolDisplayName?: string;
  city?: string;
  shortageSubject?: boolean;
  directHire?: boolean;
}

// A full-time job in Dutch education is 40 hours a week (1659 a year).
const hoursPerFte = 40;

export class VacanciesScreen extends Screen {
  static properties = {
    ...Screen.properties,
    vacancies: { state: true },
    next: { state: true },
  };

  declare vacancies: Vacancy[] | null;
  declare next: string;

  constructor() {
    super();
    this.vacancies = null;
    this.next = "";
  }

  get heading(): string {
    return t("vacancies.title");
  }

  protected async refresh(): Promise<void> {
    this.vacancies = null;
    this.next = "";
    await this.more();
  }

  private async more(): Promise<void> {
    await this.run(async () => {
      const answer = await get<{ vacancies?: Vacancy[]; nextPageToken?: string }>("/v1/vacancies:forMe", { pageSize: 20, pageToken: this.next });
      this.vacancies = [...(this.vacancies ?? []), ...(answer.vacancies ?? [])];
      this.next = answer.nextPageToken ?? "";
    });
  }

  private subject(slug: string): string {
    return hasMessage(`subject.${slug}`) ? t(`subject.${slug}`) : slug;
  }

  private card(v: Vacancy): TemplateResult {
    const link = safeLink(v.applicationUrl) ?? safeLink(v.schoolWebsite);
    return html`<li class="card vacancy">
      <h2>${v.title}</h2>
      <dl class="facts">
        <dt>${t("vacancies.school")}</dt><dd>${v.schoolDisplayName ?? ""}${v.city ? html`, ${v.city}` : nothing}</dd>
        ${v.subjects?.length ? html`<dt>${t("vacancies.subject")}</dt><dd>${v.subjects.map((s) => this.subject(s)).join(", ")}</dd>` : nothing}
        ${v.fte ? html`<dt>${t("vacancies.size")}</dt><dd>${t("vacancies.hours", { fte: number(v.fte), hours: number(v.fte * hoursPerFte, 0) })}</dd>` : nothing}
      </dl>
      ${v.closingDate ? html`<p>${t("vacancies.closes", { date: civilDate(v.closingDate) })}</p>` : nothing}
      <p class="row">${v.shortageSubject ? html`<span class="badge">${t("vacancies.shortage")}</span>` : nothing}
        ${v.directHire ? html`<span class="badge badge-success">${t("vacancies.directHire")}</span>` : nothing}</p>
      ${link ? html`<p><a class="button-secondary button-wide" href=${link} target="_blank" rel="noopener noreferrer"
        aria-label=${t("vacancies.openLabel", { title: v.title })}>${t("vacancies.open")}</a></p>` : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const vacancies = this.vacancies;
    return html`
      ${this.header()}
      <p>${t("vacancies.intro")}</p>
      ${vacancies === null
        ? (this.busy ? loading() : nothing)
        : vacancies.length === 0
          ? html`<p class="empty">${t("vacancies.none")}</p>`
          : html`<ul class="plain-list vacancy-list">${vacancies.map((v) => this.card(v))}</ul>`}
      ${this.next ? html`<p><button type="button" class="button-secondary button-wide" ?disabled=${this.busy} @click=${() => this.more()}>${t("vacancies.more")}</button></p>` : nothing}
    `;
  }
}

customElements.define("samen-starter-vacancies", VacanciesScreen);
