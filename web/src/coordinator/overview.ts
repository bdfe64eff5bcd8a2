// "Coördinatie": the coordinator's partnership at a glance — its facts, its
// organisations by membership role, the people with a role in it, the
// coming activities (full ones and waitlists) and the vacancies of its
// schools — with the way to each part.

import { html, nothing, type TemplateResult } from "lit";
import { get, getAll } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import type { Activity } from "../activities/model.js";
import { membershipRoles, organisationsOf, partnershipOf, sectionNav, type Membership, type Partnership } from "./common.js";

defineMessages({
  nl: {
    "coordOverview.title": "Coördinatie",
    "coordOverview.region": "Regio",
    "coordOverview.status": "Status",
    "coordOverview.ACCREDITED": "Erkend (sinds {year})",
    "coordOverview.ACCREDITED.noYear": "Erkend",
    "coordOverview.ASPIRING": "Aspirant-opleidingsschool",
    "coordOverview.academic": "Academische opleidingsschool",
    "coordOverview.founded": "Opgericht",
    "coordOverview.sectors": "Sectoren",
    "coordOverview.clusters": "Clusters",
    "coordOverview.organisations": "Organisaties",
    "coordOverview.organisationsCount": "{count} organisaties",
    "coordOverview.people": "Mensen met een rol",
    "coordOverview.peopleCount": "{count} mensen, {grants} rollen",
    "coordOverview.activities": "Komende activiteiten",
    "coordOverview.activitiesCount": "{count} activiteiten, {full} vol, {waiting} op een wachtlijst",
    "coordOverview.vacancies": "Vacatures",
    "coordOverview.vacanciesCount": "{published} gepubliceerd, {drafts} in concept",
    "coordOverview.open": "Bekijk {what}",
  },
  en: {
    "coordOverview.title": "Coordination",
    "coordOverview.region": "Region",
    "coordOverview.status": "Status",
    "coordOverview.ACCREDITED": "Accredited (since {year})",
    "coordOverview.ACCREDITED.noYear": "Accredited",
    "coordOverview.ASPIRING": "Aspiring partnership",
    "coordOverview.academic": "Academic partnership",
    "coordOverview.founded": "Founded",
    "coordOverview.sectors": "Sectors",
    "coordOverview.clusters": "Clusters",
    "coordOverview.organisations": "Organisations",
    "coordOverview.organisationsCount": "{count} organisations",
    "coordOverview.people": "People with a role",
    "coordOverview.peopleCount": "{count} people, {grants} roles",
    "coordOverview.activities": "Coming activities",
    "coordOverview.activitiesCount": "{count} activities, {full} full, {waiting} on a waitlist",
    "coordOverview.vacancies": "Vacancies",
    "coordOverview.vacanciesCount": "{published} published, {drafts} drafts",
    "coordOverview.open": "See {what}",
  },
});

interface Summary {
  partnership: Partnership;
  memberships: Membership[];
  organisations: number;
  people: number;
  grants: number;
  activities: Activity[];
  published: number;
  drafts: number;
}

export class CoordinatorOverview extends Screen {
  static properties = { ...Screen.properties, summary: { state: true } };

  declare summary: Summary | null;

  constructor() {
    super();
    this.summary = null;
  }

  get heading(): string {
    return t("coordOverview.title");
  }

  protected async refresh(): Promise<void> {
    const partnership = partnershipOf(this.session);
    if (!partnership) {
      return;
    }
    const summary = await this.run(async () => {
      const [facts, memberships, organisations, grants, activities, vacancies] = await Promise.all([
        get<Partnership>(`/v1/${partnership}`),
        getAll<Membership>(`/v1/${partnership}/memberships`, "memberships"),
        organisationsOf(partnership),
        getAll<{ name: string }>("/v1/people/-/roleGrants", "roleGrants"),
        getAll<Activity>("/v1/activities", "activities", { owner: partnership }),
        getAll<{ status: string }>("/v1/organisations/-/vacancies", "vacancies", { partnership }),
      ]);
      const people = new Set(grants.map((grant) => grant.name.split("/roleGrants/")[0]));
      return {
        partnership: facts, memberships, organisations: organisations.length, people: people.size, grants: grants.length, activities,
        published: vacancies.filter((each) => each.status === "PUBLISHED").length,
        drafts: vacancies.filter((each) => each.status === "DRAFT").length,
      };
    });
    if (summary) {
      this.summary = summary;
    }
  }

  private tile(title: string, text: string, path: string): TemplateResult {
    return html`<li class="card tile"><h2>${title}</h2><p>${text}</p>
      <a href=${path} class="button-secondary">${t("coordOverview.open", { what: title.toLowerCase() })}</a></li>`;
  }

  render(): TemplateResult {
    if (!partnershipOf(this.session)) {
      return html`${this.header()}<p class="empty">${t("coord.noPartnership")}</p>`;
    }
    const s = this.summary;
    if (!s) {
      return html`${this.header()}${sectionNav()}${this.busy ? loading() : nothing}`;
    }
    const p = s.partnership;
    const byRole = membershipRoles
      .map((role) => [role, s.memberships.filter((each) => each.role === role && !each.endDate).length] as const)
      .filter(([, count]) => count > 0);
    const full = s.activities.filter((each) => (each.freePlaces ?? 0) <= 0).length;
    const waiting = s.activities.reduce((sum, each) => sum + (each.waitlistedCount ?? 0), 0);
    return html`
      ${this.header()}
      ${sectionNav()}
      <section class="card card-highlight" aria-labelledby="coord-partnership">
        <h2 id="coord-partnership">${p.displayName}</h2>
        <dl class="coord-facts">
          <dt>${t("coordOverview.region")}</dt><dd>${p.region}</dd>
          <dt>${t("coordOverview.status")}</dt><dd>${p.status === "ACCREDITED"
            ? (p.accreditationYear ? t("coordOverview.ACCREDITED", { year: p.accreditationYear }) : t("coordOverview.ACCREDITED.noYear"))
            : t("coordOverview.ASPIRING")}${p.academic ? html` · ${t("coordOverview.academic")}` : nothing}</dd>
          ${p.foundingYear ? html`<dt>${t("coordOverview.founded")}</dt><dd>${p.foundingYear}</dd>` : nothing}
          ${p.sectors?.length ? html`<dt>${t("coordOverview.sectors")}</dt><dd>${p.sectors.join(", ")}</dd>` : nothing}
          ${p.clusters?.length ? html`<dt>${t("coordOverview.clusters")}</dt><dd>${p.clusters.map((each) => each.displayName).join(", ")}</dd>` : nothing}
        </dl>
      </section>
      <ul class="grid tiles">
        ${this.tile(t("coordOverview.organisations"),
          `${t("coordOverview.organisationsCount", { count: s.organisations })}: ${byRole.map(([role, count]) => `${count} ${t(`membership.${role}`).toLowerCase()}`).join(", ")}`,
          "/coordinatie/organisaties")}
        ${this.tile(t("coordOverview.people"), t("coordOverview.peopleCount", { count: s.people, grants: s.grants }), "/coordinatie/leden")}
        ${this.tile(t("coordOverview.activities"), t("coordOverview.activitiesCount", { count: s.activities.length, full, waiting }), "/coordinatie/activiteiten")}
        ${this.tile(t("coordOverview.vacancies"), t("coordOverview.vacanciesCount", { published: s.published, drafts: s.drafts }), "/coordinatie/vacatures")}
      </ul>
    `;
  }
}

customElements.define("samen-coord-overview", CoordinatorOverview);
