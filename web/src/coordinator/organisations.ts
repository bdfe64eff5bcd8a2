// "Organisaties": the partnership's member organisations grouped by their
// role in it (partner, following school, ...), with type, sector, city,
// board, cluster and membership dates.

import { html, nothing, type TemplateResult } from "lit";
import { get, getAll } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, Screen } from "../core/ui.js";
import {
  membershipRoles, organisationName, organisationsOf, partnershipOf, sectionNav,
  type Membership, type Organisation, type Partnership,
} from "./common.js";
import { dates } from "../activities/model.js";

const { civilDate } = dates;

defineMessages({
  nl: {
    "coordOrgs.title": "Organisaties",
    "coordOrgs.intro": "De scholen, besturen en lerarenopleidingen van {partnership}, per rol in het partnerschap.",
    "coordOrgs.since": "lid sinds {date}",
    "coordOrgs.until": "lid van {from} t/m {to}",
    "coordOrgs.cluster": "cluster {cluster}",
    "coordOrgs.board": "bestuur: {board}",
    "coordOrgs.ended": "Vroegere leden",
  },
  en: {
    "coordOrgs.title": "Organisations",
    "coordOrgs.intro": "The schools, boards and teacher education institutes of {partnership}, by their role in the partnership.",
    "coordOrgs.since": "member since {date}",
    "coordOrgs.until": "member from {from} to {to}",
    "coordOrgs.cluster": "cluster {cluster}",
    "coordOrgs.board": "board: {board}",
    "coordOrgs.ended": "Former members",
  },
});

export class CoordinatorOrganisations extends Screen {
  static properties = { ...Screen.properties, memberships: { state: true }, organisations: { state: true }, partnership: { state: true } };

  declare memberships: Membership[] | null;
  declare organisations: Organisation[];
  declare partnership: Partnership | null;

  constructor() {
    super();
    this.memberships = null;
    this.organisations = [];
    this.partnership = null;
  }

  get heading(): string {
    return t("coordOrgs.title");
  }

  protected async refresh(): Promise<void> {
    const partnership = partnershipOf(this.session);
    await this.run(async () => {
      const [facts, memberships, organisations] = await Promise.all([
        get<Partnership>(`/v1/${partnership}`),
        getAll<Membership>(`/v1/${partnership}/memberships`, "memberships"),
        organisationsOf(partnership),
      ]);
      // Boards of member schools need not be members themselves.
      const boards = [...new Set(organisations.map((each) => each.board).filter((board): board is string =>
        Boolean(board) && !organisations.some((each) => each.name === board)))];
      const extra = await Promise.all(boards.map((board) => get<Organisation>(`/v1/${board}`).catch(() => null)));
      this.partnership = facts;
      this.organisations = [...organisations, ...extra.filter((each): each is Organisation => each !== null)];
      this.memberships = memberships;
    });
  }

  private item(membership: Membership): TemplateResult {
    const organisation = this.organisations.find((each) => each.name === membership.organisation);
    const cluster = this.partnership?.clusters?.find((each) => each.id === membership.cluster)?.displayName ?? membership.cluster;
    const facts = [
      organisation ? t(`orgType.${organisation.type}`) : "",
      organisation?.sector ?? "",
      organisation?.city ?? "",
      organisation?.board ? t("coordOrgs.board", { board: organisationName(this.organisations, organisation.board) }) : "",
      cluster ? t("coordOrgs.cluster", { cluster }) : "",
    ].filter(Boolean).join(" · ");
    const period = membership.endDate
      ? t("coordOrgs.until", { from: civilDate(membership.startDate), to: civilDate(membership.endDate) })
      : t("coordOrgs.since", { date: civilDate(membership.startDate) });
    return html`<li><strong>${organisationName(this.organisations, membership.organisation)}</strong><br>
      <span class="muted">${facts}</span><br><span class="small">${period}</span></li>`;
  }

  render(): TemplateResult {
    const memberships = this.memberships;
    if (!memberships) {
      return html`${this.header()}${sectionNav()}${this.busy ? loading() : nothing}`;
    }
    const today = new Date().toISOString().slice(0, 10);
    const current = memberships.filter((each) => !each.endDate || each.endDate >= today);
    const former = memberships.filter((each) => each.endDate && each.endDate < today);
    const byName = (a: Membership, b: Membership) =>
      organisationName(this.organisations, a.organisation).localeCompare(organisationName(this.organisations, b.organisation));
    return html`
      ${this.header()}
      ${sectionNav()}
      <p>${t("coordOrgs.intro", { partnership: this.partnership?.displayName ?? "" })}</p>
      ${membershipRoles.map((role) => {
        const rows = current.filter((each) => each.role === role).sort(byName);
        return rows.length === 0 ? nothing : html`
          <section class="card" aria-labelledby="orgs-${role}">
            <h2 id="orgs-${role}">${t(`membership.${role}`)} <span class="muted">(${rows.length})</span></h2>
            <ul class="plain-list">${rows.map((each) => this.item(each))}</ul>
          </section>`;
      })}
      ${former.length ? html`<section class="card" aria-labelledby="orgs-former"><h2 id="orgs-former">${t("coordOrgs.ended")}</h2>
        <ul class="plain-list">${former.sort(byName).map((each) => this.item(each))}</ul></section>` : nothing}
    `;
  }
}

customElements.define("samen-coord-organisations", CoordinatorOrganisations);
