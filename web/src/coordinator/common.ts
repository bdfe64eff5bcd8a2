// What the coordinator's screens share: which partnership they coordinate
// (the scope of their `coordinator` grant), the partnership's organisations
// (loaded once per visit), and the links between the coordinator's screens.

import { html, type TemplateResult } from "lit";
import { getAll } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import { scopesOf, type Session } from "../core/session.js";

defineMessages({
  nl: {
    "coord.sections": "Onderdelen van coördinatie",
    "coord.overview": "Overzicht",
    "coord.members": "Mensen",
    "coord.organisations": "Organisaties",
    "coord.activities": "Activiteiten",
    "coord.vacancies": "Vacatures",
    "coord.noPartnership": "Je bent geen coördinator van een opleidingsschool.",
    "orgType.SCHOOL_BOARD": "Schoolbestuur",
    "orgType.SCHOOL": "School",
    "orgType.INSTITUTE": "Lerarenopleiding",
    "membership.PARTNER": "Partners",
    "membership.FOLLOWING": "Volgscholen",
    "membership.COOPERATING": "Samenwerkingsscholen",
    "membership.CANDIDATE": "Kandidaat-partners",
    "membership.INFORMAL": "Werken mee (informeel)",
  },
  en: {
    "coord.sections": "Parts of coordination",
    "coord.overview": "Overview",
    "coord.members": "People",
    "coord.organisations": "Organisations",
    "coord.activities": "Activities",
    "coord.vacancies": "Vacancies",
    "coord.noPartnership": "You do not coordinate a partnership.",
    "orgType.SCHOOL_BOARD": "School board",
    "orgType.SCHOOL": "School",
    "orgType.INSTITUTE": "Teacher education institute",
    "membership.PARTNER": "Partners",
    "membership.FOLLOWING": "Following schools",
    "membership.COOPERATING": "Cooperating schools",
    "membership.CANDIDATE": "Candidate partners",
    "membership.INFORMAL": "Working along (informal)",
  },
});

export interface Organisation {
  name: string;
  displayName: string;
  type: string;
  sector?: string;
  city?: string;
  board?: string;
  instituteKind?: string;
}

export interface Membership {
  name: string;
  organisation: string;
  role: string;
  startDate: string;
  endDate?: string;
  cluster?: string;
}

export interface Partnership {
  name: string;
  displayName: string;
  region: string;
  status: string;
  academic?: boolean;
  foundingYear?: number;
  accreditationYear?: number;
  sectors?: string[];
  clusters?: { id: string; displayName: string }[];
}

export const membershipRoles = ["PARTNER", "FOLLOWING", "COOPERATING", "CANDIDATE", "INFORMAL"];

// "partnerships/osof", or "" when the person coordinates none.
export function partnershipOf(session: Session): string {
  return scopesOf(session, "coordinator").find((scope) => scope.startsWith("partnerships/")) ?? "";
}

const organisationCache = new Map<string, Promise<Organisation[]>>();

// The partnership's member organisations (cached for this visit).
export function organisationsOf(partnership: string): Promise<Organisation[]> {
  let found = organisationCache.get(partnership);
  if (!found) {
    found = getAll<Organisation>("/v1/organisations", "organisations", { partnership });
    found.catch(() => organisationCache.delete(partnership));
    organisationCache.set(partnership, found);
  }
  return found;
}

export function organisationName(organisations: Organisation[], name: string): string {
  return organisations.find((each) => each.name === name)?.displayName ?? name.replace(/^organisations\//, "");
}

const sections: [string, string][] = [
  ["/coordinatie", "coord.overview"],
  ["/coordinatie/leden", "coord.members"],
  ["/coordinatie/organisaties", "coord.organisations"],
  ["/coordinatie/activiteiten", "coord.activities"],
  ["/coordinatie/vacatures", "coord.vacancies"],
];

// The links between the coordinator's screens, under each one's heading.
export function sectionNav(): TemplateResult {
  const here = location.pathname;
  return html`<nav class="subnav" aria-label=${t("coord.sections")}><ul>
    ${sections.map(([path, key]) => {
      const current = here === path || (path !== "/coordinatie" && here.startsWith(`${path}/`));
      return html`<li><a href=${path} aria-current=${current ? "page" : "false"}>${t(key)}</a></li>`;
    })}</ul></nav>`;
}
