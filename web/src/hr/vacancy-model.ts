// What HR's vacancy screens share: the Vacancies API's vacancy as JSON, the
// words for its status, contract, degree, sector and subjects, and what
// publishing needs (the service's rule, docs/vacancies.md), so that a refusal
// can name the missing fields next to them.

import { html, type TemplateResult } from "lit";
import { defineMessages, t } from "../core/i18n.js";
import { scopesOf, type Session } from "../core/session.js";

export type VacancyStatus = "DRAFT" | "PUBLISHED" | "FILLED" | "CLOSED" | "EXPIRED";
export type ContractType = "PERMANENT" | "TEMPORARY" | "REPLACEMENT";
export type Degree = "FIRST_DEGREE" | "SECOND_DEGREE";
export type Sector = "PO" | "VO" | "VSO" | "MBO";

export interface Vacancy {
  name: string;
  title: string;
  subjects?: string[];
  degree?: Degree | "DEGREE_LEVEL_UNSPECIFIED";
  sector?: Sector | "SECTOR_UNSPECIFIED";
  fte?: number;
  contractType?: ContractType | "CONTRACT_TYPE_UNSPECIFIED";
  salaryScale?: string;
  startDate?: string;
  closingDate?: string;
  description?: string;
  howToApply?: string;
  applicationUrl?: string;
  status?: VacancyStatus;
  schoolDisplayName?: string;
  publishTime?: string;
  etag?: string;
  createTime?: string;
  updateTime?: string;
}

// The subjects offered as choices, as the API's slugs (a vacancy with
// another slug keeps it and shows the slug).
export const subjects = [
  "dutch", "english", "german", "french", "mathematics", "physics", "chemistry", "biology",
  "technology", "history", "geography", "economics", "physical-education", "arts", "music", "religion",
];
export const contractTypes: ContractType[] = ["PERMANENT", "TEMPORARY", "REPLACEMENT"];
export const degrees: Degree[] = ["FIRST_DEGREE", "SECOND_DEGREE"];
export const sectors: Sector[] = ["PO", "VO", "VSO", "MBO"];
// The collective agreements' teacher scales (CAO VO and MBO: LB–LE; CAO PO: L10–L12).
export const salaryScales = ["LB", "LC", "LD", "LE", "L10", "L11", "L12"];

defineMessages({
  nl: {
    "hrv.title": "Vacatures",
    "hrv.closes": "Sluit op {date}",
    "vacancy.status.DRAFT": "Concept",
    "vacancy.status.PUBLISHED": "Gepubliceerd",
    "vacancy.status.FILLED": "Vervuld",
    "vacancy.status.CLOSED": "Gesloten",
    "vacancy.status.EXPIRED": "Verlopen",
    "vacancy.contract.PERMANENT": "Vast dienstverband",
    "vacancy.contract.TEMPORARY": "Tijdelijk, met uitzicht op vast",
    "vacancy.contract.REPLACEMENT": "Vervanging",
    "vacancy.degree.FIRST_DEGREE": "Eerstegraads",
    "vacancy.degree.SECOND_DEGREE": "Tweedegraads",
    "vacancy.sector.PO": "Primair onderwijs (po)",
    "vacancy.sector.VO": "Voortgezet onderwijs (vo)",
    "vacancy.sector.VSO": "Voortgezet speciaal onderwijs (vso)",
    "vacancy.sector.MBO": "Middelbaar beroepsonderwijs (mbo)",
    "vacancy.fte": "{fte} fte",
    "vacancy.subject.dutch": "Nederlands",
    "vacancy.subject.english": "Engels",
    "vacancy.subject.german": "Duits",
    "vacancy.subject.french": "Frans",
    "vacancy.subject.mathematics": "Wiskunde",
    "vacancy.subject.physics": "Natuurkunde",
    "vacancy.subject.chemistry": "Scheikunde",
    "vacancy.subject.biology": "Biologie",
    "vacancy.subject.technology": "Techniek",
    "vacancy.subject.history": "Geschiedenis",
    "vacancy.subject.geography": "Aardrijkskunde",
    "vacancy.subject.economics": "Economie",
    "vacancy.subject.physical-education": "Lichamelijke opvoeding",
    "vacancy.subject.arts": "Beeldende vorming",
    "vacancy.subject.music": "Muziek",
    "vacancy.subject.religion": "Levensbeschouwing",
  },
  en: {
    "hrv.title": "Vacancies",
    "hrv.closes": "Closes on {date}",
    "vacancy.status.DRAFT": "Draft",
    "vacancy.status.PUBLISHED": "Published",
    "vacancy.status.FILLED": "Filled",
    "vacancy.status.CLOSED": "Closed",
    "vacancy.status.EXPIRED": "Expired",
    "vacancy.contract.PERMANENT": "Permanent",
    "vacancy.contract.TEMPORARY": "Fixed term, with a prospect of permanent",
    "vacancy.contract.REPLACEMENT": "Replacement",
    "vacancy.degree.FIRST_DEGREE": "First degree",
    "vacancy.degree.SECOND_DEGREE": "Second degree",
    "vacancy.sector.PO": "Primary education",
    "vacancy.sector.VO": "Secondary education",
    "vacancy.sector.VSO": "Special secondary education",
    "vacancy.sector.MBO": "Vocational education (mbo)",
    "vacancy.fte": "{fte} FTE",
    "vacancy.subject.dutch": "Dutch",
    "vacancy.subject.english": "English",
    "vacancy.subject.german": "German",
    "vacancy.subject.french": "French",
    "vacancy.subject.mathematics": "Mathematics",
    "vacancy.subject.physics": "Physics",
    "vacancy.subject.chemistry": "Chemistry",
    "vacancy.subject.biology": "Biology",
    "vacancy.subject.technology": "Technology",
    "vacancy.subject.history": "History",
    "vacancy.subject.geography": "Geography",
    "vacancy.subject.economics": "Economics",
    "vacancy.subject.physical-education": "Physical education",
    "vacancy.subject.arts": "Visual arts",
    "vacancy.subject.music": "Music",
    "vacancy.subject.religion": "Religion and philosophy",
  },
});

export function subjectLabel(slug: string): string {
  return subjects.includes(slug) ? t(`vacancy.subject.${slug}`) : slug;
}

const statusBadges: Record<VacancyStatus, string> = {
  DRAFT: "badge badge-warning",
  PUBLISHED: "badge badge-success",
  FILLED: "badge",
  CLOSED: "badge",
  EXPIRED: "badge",
};

export function statusBadge(status: VacancyStatus | undefined): TemplateResult {
  const s = status ?? "DRAFT";
  return html`<span class=${statusBadges[s]}>${t(`vacancy.status.${s}`)}</span>`;
}

// The vacancy's id: "organisations/x/vacancies/y" -> "y".
export function vacancyId(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

// The form fields publishing needs, as the service checks them: subjects, a
// description, how to apply (text or web address) and a closing date that
// has not passed. `today` is the Amsterdam date "YYYY-MM-DD".
export type PublishField = "subjects" | "description" | "howToApply" | "closingDate";

export function missingToPublish(v: Vacancy, today: string): PublishField[] {
  const missing: PublishField[] = [];
  if (!v.subjects?.length) {
    missing.push("subjects");
  }
  if (!v.description) {
    missing.push("description");
  }
  if (!v.howToApply && !v.applicationUrl) {
    missing.push("howToApply");
  }
  if (!v.closingDate || v.closingDate < today) {
    missing.push("closingDate");
  }
  return missing;
}

// A field violation's field ("vacancy.closing_date", "how_to_apply or
// application_url") as the form's field.
export function formFieldOf(apiField: string): string {
  const field = apiField.replace(/^vacancy\./, "").split(" ")[0];
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

// The organisations of HR's grants: the schools whose vacancies HR manages.
export function hrOrganisations(session: Session): string[] {
  return scopesOf(session, "hr").filter((s) => s.startsWith("organisations/") && s !== "organisations/-");
}
