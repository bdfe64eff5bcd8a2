// Mijn starters (/coach/starters): the starters the coach guides, with their
// school, programme year and kind.

import { html, nothing, type TemplateResult } from "lit";
import { get, getAll } from "../core/api.js";
import { civilDate } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen } from "../core/ui.js";
import { lastPart, type Starter } from "./model.js";

defineMessages({
  nl: {
    "coach.starters.title": "Mijn starters",
    "coach.starters.none": "Je begeleidt nog geen starters.",
    "coach.starters.year": "Jaar {year}",
    "coach.starters.since": "Gestart op {date}",
    "coach.starters.subjects": "Vakken: {subjects}",
    "starterKind.NEWLY_GRADUATED": "Pas afgestudeerd",
    "starterKind.CAREER_CHANGER": "Zij-instromer",
    "starterKind.EXPERIENCED_NEWCOMER": "Ervaren, nieuw op school",
    "starterKind.PABO_BACKGROUND": "Pabo-achtergrond",
    "starterStatus.ACTIVE": "Actief",
    "starterStatus.PAUSED": "Gepauzeerd",
    "starterStatus.COMPLETED": "Afgerond",
    "starterStatus.LEFT": "Vertrokken",
  },
  en: {
    "coach.starters.title": "My starting teachers",
    "coach.starters.none": "You do not guide any starting teachers yet.",
    "coach.starters.year": "Year {year}",
    "coach.starters.since": "Started on {date}",
    "coach.starters.subjects": "Subjects: {subjects}",
    "starterKind.NEWLY_GRADUATED": "Newly graduated",
    "starterKind.CAREER_CHANGER": "Career changer",
    "starterKind.EXPERIENCED_NEWCOMER": "Experienced, new to the school",
    "starterKind.PABO_BACKGROUND": "Primary teacher education background",
    "starterStatus.ACTIVE": "Active",
    "starterStatus.PAUSED": "Paused",
    "starterStatus.COMPLETED": "Completed",
    "starterStatus.LEFT": "Left",
  },
});

export class CoachStartersScreen extends Screen {
  static properties = { ...Screen.properties, starters: { state: true }, schools: { state: true } };

  declare starters: Starter[] | null;
  declare schools: Map<string, string>;

  constructor() {
    super();
    this.starters = null;
    this.schools = new Map();
  }

  get heading(): string {
    return t("coach.starters.title");
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const starters = await getAll<Starter>("/v1/starters", "starters", { coach: `people/${personId(this.session)}` });
      const ids = [...new Set(starters.map((s) => s.school))];
      const names = await Promise.all(ids.map((id) =>
        get<{ displayName?: string }>(`/v1/${id}`).then((o) => o.displayName ?? lastPart(id), () => lastPart(id))));
      this.schools = new Map(ids.map((id, i) => [id, names[i]]));
      this.starters = starters;
    });
  }

  render(): TemplateResult {
    const starters = this.starters;
    return html`
      ${this.header()}
      ${!starters && this.busy ? loading() : nothing}
      ${starters && starters.length === 0 ? html`<p class="empty">${t("coach.starters.none")}</p>` : nothing}
      ${starters?.length ? html`<ul class="grid plain-grid">
        ${starters.map((s) => html`<li class="card">
          <h2>${s.displayName}</h2>
          <p>${this.schools.get(s.school) ?? lastPart(s.school)}</p>
          <p class="row">
            <span class="badge">${t("coach.starters.year", { year: s.currentYear ?? 1 })}</span>
            ${s.kind && s.kind !== "STARTER_KIND_UNSPECIFIED" ? html`<span class="badge">${t(`starterKind.${s.kind}`)}</span>` : nothing}
            ${s.status && s.status !== "ACTIVE" ? html`<span class="badge badge-warning">${t(`starterStatus.${s.status}`)}</span>` : nothing}
          </p>
          <p class="muted">${t("coach.starters.since", { date: civilDate(s.startDate) })}
            ${s.subjects?.length ? html`<br>${t("coach.starters.subjects", { subjects: s.subjects.join(", ") })}` : nothing}</p>
        </li>`)}
      </ul>` : nothing}
    `;
  }
}

customElements.define("samen-coach-starters", CoachStartersScreen);
