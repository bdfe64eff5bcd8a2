// "Mensen": everyone with a role in the partnership or one of its member
// organisations (their role grants), grouped by role, with where and since
// when. Coordinators read these grants (docs/security.md); granting and
// ending roles stays with the API for now.

import { html, nothing, type TemplateResult } from "lit";
import { getAll } from "../core/api.js";
import { defineMessages, hasMessage, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import { organisationName, organisationsOf, partnershipOf, sectionNav, type Organisation } from "./common.js";
import { dates } from "../activities/model.js";

const { civilDate } = dates;

defineMessages({
  nl: {
    "coordMembers.title": "Mensen in het partnerschap",
    "coordMembers.intro": "Iedereen met een rol in het partnerschap of bij een van de aangesloten organisaties.",
    "coordMembers.filter": "Toon rol",
    "coordMembers.all": "Alle rollen",
    "coordMembers.since": "sinds {date}",
    "coordMembers.until": "{from} t/m {to}",
    "coordMembers.partnership": "Het partnerschap",
    "coordMembers.count": "{count} mensen",
    "coordMembers.none": "Niemand heeft deze rol.",
    "coordMembers.ended": "afgelopen",
    "coordRole.starter": "Startende leraren",
    "coordRole.coach": "Coaches",
    "coordRole.hr": "HR",
    "coordRole.coordinator": "Coördinatoren",
    "coordRole.mentor": "Werkplekbegeleiders",
    "coordRole.school_educator": "Schoolopleiders",
    "coordRole.institute_educator": "Instituutsopleiders",
    "coordRole.student": "Studenten",
  },
  en: {
    "coordMembers.title": "People in the partnership",
    "coordMembers.intro": "Everyone with a role in the partnership or at one of its member organisations.",
    "coordMembers.filter": "Show role",
    "coordMembers.all": "All roles",
    "coordMembers.since": "since {date}",
    "coordMembers.until": "{from} to {to}",
    "coordMembers.partnership": "The partnership",
    "coordMembers.count": "{count} people",
    "coordMembers.none": "Nobody has this role.",
    "coordMembers.ended": "ended",
    "coordRole.starter": "Starting teachers",
    "coordRole.coach": "Coaches",
    "coordRole.hr": "HR",
    "coordRole.coordinator": "Coordinators",
    "coordRole.mentor": "Mentors",
    "coordRole.school_educator": "School-based teacher educators",
    "coordRole.institute_educator": "Institute-based teacher educators",
    "coordRole.student": "Student teachers",
  },
});

interface RoleGrant {
  name: string;
  role: string;
  scope: string;
  startDate?: string;
  endDate?: string;
}

interface Person {
  name: string;
  displayName: string;
  email?: string;
}

function roleLabel(role: string): string {
  return hasMessage(`coordRole.${role}`) ? t(`coordRole.${role}`) : role;
}

// The order roles are shown in.
const roleOrder = ["coordinator", "school_educator", "institute_educator", "coach", "mentor", "hr", "starter", "student"];

export class CoordinatorMembers extends Screen {
  static properties = { ...Screen.properties, grants: { state: true }, people: { state: true }, organisations: { state: true }, role: { state: true } };

  declare grants: RoleGrant[] | null;
  declare people: Map<string, Person>;
  declare organisations: Organisation[];
  declare role: string;

  constructor() {
    super();
    this.grants = null;
    this.people = new Map();
    this.organisations = [];
    this.role = "";
  }

  get heading(): string {
    return t("coordMembers.title");
  }

  protected async refresh(): Promise<void> {
    const partnership = partnershipOf(this.session);
    await this.run(async () => {
      const [grants, organisations] = await Promise.all([
        getAll<RoleGrant>("/v1/people/-/roleGrants", "roleGrants"),
        organisationsOf(partnership),
      ]);
      // Names: the people of every organisation a grant is in.
      const scopes = [...new Set(grants.map((grant) => grant.scope).filter((scope) => scope.startsWith("organisations/")))];
      const lists = await Promise.all(scopes.map((organisation) => getAll<Person>("/v1/people", "people", { organisation })));
      this.people = new Map(lists.flat().map((person) => [person.name, person]));
      this.organisations = organisations;
      this.grants = grants;
    });
  }

  private personOf(grant: RoleGrant): Person {
    const name = grant.name.split("/roleGrants/")[0];
    return this.people.get(name) ?? { name, displayName: name.replace(/^people\//, "") };
  }

  private where(grant: RoleGrant): string {
    return grant.scope.startsWith("partnerships/") ? t("coordMembers.partnership") : organisationName(this.organisations, grant.scope);
  }

  private period(grant: RoleGrant): string {
    const from = grant.startDate ? civilDate(grant.startDate) : "";
    return grant.endDate ? t("coordMembers.until", { from, to: civilDate(grant.endDate) }) : t("coordMembers.since", { date: from });
  }

  // One line per person holding `role`: where (every scope) and since when.
  private group(role: string, grants: RoleGrant[]): TemplateResult {
    const today = new Date().toISOString().slice(0, 10);
    const byPerson = new Map<string, RoleGrant[]>();
    for (const grant of grants.filter((each) => each.role === role)) {
      const person = grant.name.split("/roleGrants/")[0];
      byPerson.set(person, [...(byPerson.get(person) ?? []), grant]);
    }
    const rows = [...byPerson.values()]
      .sort((a, b) => this.personOf(a[0]).displayName.localeCompare(this.personOf(b[0]).displayName));
    const id = `members-${role}`;
    return html`
      <section class="card" aria-labelledby=${id}>
        <h2 id=${id}>${roleLabel(role)} <span class="muted">(${rows.length})</span></h2>
        ${rows.length === 0 ? html`<p class="muted">${t("coordMembers.none")}</p>` : html`
        <ul class="plain-list people-list">${rows.map((held) => {
          const person = this.personOf(held[0]);
          return html`<li>
            <strong>${person.displayName}</strong>
            ${person.email ? html`<a href="mailto:${person.email}" class="mail">${person.email}</a>` : nothing}
            <ul class="grant-list">${held.map((grant) => {
              const ended = Boolean(grant.endDate) && grant.endDate! < today;
              return html`<li class=${ended ? "ended" : ""}>${this.where(grant)} <span class="muted">· ${this.period(grant)}</span>
                ${ended ? html`<span class="badge">${t("coordMembers.ended")}</span>` : nothing}</li>`;
            })}</ul>
          </li>`;
        })}</ul>`}
      </section>`;
  }

  render(): TemplateResult {
    const grants = this.grants;
    if (!grants) {
      return html`${this.header()}${sectionNav()}${this.busy ? loading() : nothing}`;
    }
    const roles = [...new Set(grants.map((grant) => grant.role))]
      .sort((a, b) => (roleOrder.indexOf(a) + 100) % 100 - (roleOrder.indexOf(b) + 100) % 100);
    const shown = this.role ? [this.role] : roles;
    const people = new Set(grants.map((grant) => grant.name.split("/roleGrants/")[0]));
    return html`
      ${this.header()}
      ${sectionNav()}
      <p>${t("coordMembers.intro")} <span class="muted">${t("coordMembers.count", { count: people.size })}</span></p>
      <div class="chips" role="group" aria-label=${t("coordMembers.filter")}>
        <button type="button" class="chip" aria-pressed=${this.role === ""} @click=${() => (this.role = "")}>${t("coordMembers.all")}</button>
        ${roles.map((role) => html`<button type="button" class="chip" aria-pressed=${this.role === role} @click=${() => (this.role = role)}>${roleLabel(role)}</button>`)}
      </div>
      ${shown.map((role) => this.group(role, grants))}
    `;
  }
}

customElements.define("samen-coord-members", CoordinatorMembers);
