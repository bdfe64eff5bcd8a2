// "Vacatures": the vacancies of the partnership's schools — drafts,
// published, and those that ended. Coordinators read them; drafting,
// publishing and closing are the school's HR's (docs/vacancies.md), so this
// screen has no such buttons. For a draft it says what is still missing
// before HR can publish it (the rule behind VACANCY_INCOMPLETE).

import { html, nothing, type TemplateResult } from "lit";
import { getAll } from "../core/api.js";
import { number } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import { partnershipOf, sectionNav } from "./common.js";
import { dates } from "../activities/model.js";

const { civilDate } = dates;

defineMessages({
  nl: {
    "coordVacancies.title": "Vacatures",
    "coordVacancies.intro": "De vacatures van de scholen in je partnerschap. HR van de school stelt ze op, publiceert en sluit ze; als coördinator kijk je mee, ook naar concepten.",
    "coordVacancies.DRAFT": "Concepten",
    "coordVacancies.PUBLISHED": "Gepubliceerd",
    "coordVacancies.ENDED": "Afgelopen",
    "coordVacancies.none": "Geen vacatures.",
    "coordVacancies.closes": "Reageren kan tot en met {date}",
    "coordVacancies.fte": "{fte} fte",
    "coordVacancies.shortage": "Tekortvak",
    "coordVacancies.directHire": "Direct in dienst",
    "coordVacancies.missing": "Nog nodig om te publiceren: {fields}.",
    "coordVacancies.complete": "Compleet: HR van de school kan deze vacature publiceren.",
    "coordVacancies.field.subjects": "vak(ken)",
    "coordVacancies.field.description": "omschrijving",
    "coordVacancies.field.howToApply": "hoe te solliciteren (tekst of link)",
    "coordVacancies.field.closingDate": "sluitingsdatum",
    "coordVacancies.field.closingDatePassed": "een sluitingsdatum die nog niet voorbij is",
    "coordVacancies.status.FILLED": "Vervuld",
    "coordVacancies.status.CLOSED": "Ingetrokken",
    "coordVacancies.status.EXPIRED": "Verlopen",
  },
  en: {
    "coordVacancies.title": "Vacancies",
    "coordVacancies.intro": "The vacancies of your partnership's schools. The school's HR drafts, publishes and closes them; as coordinator you can follow along, drafts included.",
    "coordVacancies.DRAFT": "Drafts",
    "coordVacancies.PUBLISHED": "Published",
    "coordVacancies.ENDED": "Ended",
    "coordVacancies.none": "No vacancies.",
    "coordVacancies.closes": "Applications until {date}",
    "coordVacancies.fte": "{fte} FTE",
    "coordVacancies.shortage": "Shortage subject",
    "coordVacancies.directHire": "Direct hire",
    "coordVacancies.missing": "Still needed to publish: {fields}.",
    "coordVacancies.complete": "Complete: the school's HR can publish this vacancy.",
    "coordVacancies.field.subjects": "subject(s)",
    "coordVacancies.field.description": "description",
    "coordVacancies.field.howToApply": "how to apply (text or link)",
    "coordVacancies.field.closingDate": "closing date",
    "coordVacancies.field.closingDatePassed": "a closing date that has not passed",
    "coordVacancies.status.FILLED": "Filled",
    "coordVacancies.status.CLOSED": "Withdrawn",
    "coordVacancies.status.EXPIRED": "Expired",
  },
});

interface Vacancy {
  name: string;
  title: string;
  subjects?: string[];
  fte?: number;
  closingDate?: string;
  description?: string;
  howToApply?: string;
  applicationUrl?: string;
  status: string;
  shortageSubject?: boolean;
  directHire?: boolean;
  schoolDisplayName?: string;
  city?: string;
}

// What PublishVacancy would refuse with VACANCY_INCOMPLETE (docs/vacancies.md).
function missingToPublish(vacancy: Vacancy, today: string): string[] {
  const missing: string[] = [];
  if (!vacancy.subjects?.length) missing.push("subjects");
  if (!vacancy.description?.trim()) missing.push("description");
  if (!vacancy.howToApply?.trim() && !vacancy.applicationUrl?.trim()) missing.push("howToApply");
  if (!vacancy.closingDate) missing.push("closingDate");
  else if (vacancy.closingDate < today) missing.push("closingDatePassed");
  return missing;
}

export class CoordinatorVacancies extends Screen {
  static properties = { ...Screen.properties, vacancies: { state: true } };

  declare vacancies: Vacancy[] | null;

  constructor() {
    super();
    this.vacancies = null;
  }

  get heading(): string {
    return t("coordVacancies.title");
  }

  protected async refresh(): Promise<void> {
    const partnership = partnershipOf(this.session);
    const vacancies = await this.run(() => getAll<Vacancy>("/v1/organisations/-/vacancies", "vacancies", { partnership }));
    if (vacancies) {
      this.vacancies = vacancies;
    }
  }

  private item(vacancy: Vacancy, today: string): TemplateResult {
    const missing = vacancy.status === "DRAFT" ? missingToPublish(vacancy, today) : [];
    const ended = !["DRAFT", "PUBLISHED"].includes(vacancy.status);
    return html`<li>
      <strong>${vacancy.title}</strong><br>
      <span class="muted">${[vacancy.schoolDisplayName, vacancy.city, vacancy.fte ? t("coordVacancies.fte", { fte: number(vacancy.fte, 2) }) : ""].filter(Boolean).join(" · ")}</span><br>
      ${vacancy.closingDate ? html`<span class="small">${t("coordVacancies.closes", { date: civilDate(vacancy.closingDate) })}</span><br>` : nothing}
      ${ended ? html`<span class="badge">${t(`coordVacancies.status.${vacancy.status}`)}</span>` : nothing}
      ${vacancy.shortageSubject ? html`<span class="badge badge-warning">${t("coordVacancies.shortage")}</span>` : nothing}
      ${vacancy.directHire ? html`<span class="badge badge-success">${t("coordVacancies.directHire")}</span>` : nothing}
      ${vacancy.status === "DRAFT" ? html`<p class="vacancy-check ${missing.length ? "incomplete" : "complete"}">${missing.length
        ? t("coordVacancies.missing", { fields: missing.map((field) => t(`coordVacancies.field.${field}`)).join(", ") })
        : t("coordVacancies.complete")}</p>` : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const vacancies = this.vacancies;
    if (!vacancies) {
      return html`${this.header()}${sectionNav()}${this.busy ? loading() : nothing}`;
    }
    const today = new Date().toISOString().slice(0, 10);
    const groups: [string, Vacancy[]][] = [
      ["DRAFT", vacancies.filter((each) => each.status === "DRAFT")],
      ["PUBLISHED", vacancies.filter((each) => each.status === "PUBLISHED")],
      ["ENDED", vacancies.filter((each) => !["DRAFT", "PUBLISHED"].includes(each.status))],
    ];
    return html`
      ${this.header()}
      ${sectionNav()}
      <p>${t("coordVacancies.intro")}</p>
      ${groups.map(([key, rows]) => html`
        <section class="card" aria-labelledby="vacancies-${key}">
          <h2 id="vacancies-${key}">${t(`coordVacancies.${key}`)} <span class="muted">(${rows.length})</span></h2>
          ${rows.length === 0 ? html`<p class="muted">${t("coordVacancies.none")}</p>`
            : html`<ul class="plain-list">${rows.map((each) => this.item(each, today))}</ul>`}
        </section>`)}
    `;
  }
}

customElements.define("samen-coord-vacancies", CoordinatorVacancies);
