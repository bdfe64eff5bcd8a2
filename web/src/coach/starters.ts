// Mijn starters (/coach/starters): the starters the coach guides, with their
// school, programme year and kind.

import { html, nothing, type TemplateResult } from "lit";
import { get, getAll } from "../core/api.js";
import { civilDate, dayAndTime, dayShort } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import type { CoachingUsage } from "../core/resources.js";
import { personId } from "../core/session.js";
import { loading, Screen } from "../core/ui.js";
import { lastPart, type Booking, type Starter } from "./model.js";

// How far a starter is this programme year, as far as this coach sees it.
interface Progress {
  used: number;
  held: number;
  quota: number;
  next?: string;
  last?: string;
}

defineMessages({
  nl: {
    "coach.starters.title": "Mijn starters",
    "coach.starters.none": "Je begeleidt nog geen starters.",
    "coach.starters.year": "Jaar {year}",
    "coach.starters.since": "Gestart op {date}",
    "coach.starters.subjects": "Vakken: {subjects}",
    "coach.starters.used": "{used} van {quota} gesprekken gebruikt dit jaar, {held} gehouden",
    "coach.starters.next": "Volgend gesprek: {when}",
    "coach.starters.last": "Laatste gesprek: {when}",
    "coach.starters.noNext": "Geen gesprek gepland",
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
    "coach.starters.used": "{used} of {quota} sessions used this year, {held} held",
    "coach.starters.next": "Next session: {when}",
    "coach.starters.last": "Last session: {when}",
    "coach.starters.noNext": "No session planned",
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
  static properties = { ...Screen.properties, starters: { state: true }, schools: { state: true }, progress: { state: true } };

  declare starters: Starter[] | null;
  declare schools: Map<string, string>;
  declare progress: Map<string, Progress>;

  constructor() {
    super();
    this.starters = null;
    this.schools = new Map();
    this.progress = new Map();
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
      const progress = await Promise.all(starters.map((s) => this.progressOf(s).catch(() => undefined)));
      this.progress = new Map(starters.flatMap((s, i) => (progress[i] ? [[s.name, progress[i]!] as const] : [])));
    });
  }

  // This year's sessions as the server counts them (the count HR tracking
  // uses), and the last one held from the bookings.
  private async progressOf(starter: Starter): Promise<Progress> {
    const [usage, bookings] = await Promise.all([
      get<CoachingUsage>(`/v1/${starter.name}/coachingUsage`),
      getAll<Booking>(`/v1/${starter.name}/bookings`, "bookings"),
    ]);
    const last = bookings.filter((b) => b.state === "HELD").map((b) => b.endTime).sort().at(-1);
    return {
      used: usage.sessionsUsed ?? 0,
      held: usage.sessionsHeld ?? 0,
      quota: usage.sessionsQuota ?? 0,
      next: usage.nextBookingTime,
      last,
    };
  }

  private progressLines(p: Progress): TemplateResult {
    return html`
      <p>${t("coach.starters.used", { used: p.used, quota: p.quota, held: p.held })}<br>
        ${p.next ? t("coach.starters.next", { when: dayAndTime(p.next) }) : t("coach.starters.noNext")}
        ${p.last ? html`<br>${t("coach.starters.last", { when: dayShort(p.last) })}` : nothing}</p>`;
  }

  render(): TemplateResult {
    const starters = this.starters;
    return html`
      ${this.header()}
      ${!starters && this.busy ? loading() : nothing}
      ${starters && starters.length === 0 ? html`<p class="empty">${t("coach.starters.none")}</p>` : nothing}
      ${starters?.length ? html`<ul class="grid coach-grid">
        ${starters.map((s) => html`<li class="card">
          <h2>${s.displayName}</h2>
          <p>${this.schools.get(s.school) ?? lastPart(s.school)}</p>
          <p class="row">
            <span class="badge">${t("coach.starters.year", { year: s.currentYear ?? 1 })}</span>
            ${s.kind && s.kind !== "STARTER_KIND_UNSPECIFIED" ? html`<span class="badge">${t(`starterKind.${s.kind}`)}</span>` : nothing}
            ${s.status && s.status !== "ACTIVE" ? html`<span class="badge badge-warning">${t(`starterStatus.${s.status}`)}</span>` : nothing}
          </p>
          ${this.progress.get(s.name) ? this.progressLines(this.progress.get(s.name)!) : nothing}
          <p class="muted">${t("coach.starters.since", { date: civilDate(s.startDate) })}
            ${s.subjects?.length ? html`<br>${t("coach.starters.subjects", { subjects: s.subjects.join(", ") })}` : nothing}</p>
        </li>`)}
      </ul>` : nothing}
    `;
  }
}

customElements.define("samen-coach-starters", CoachStartersScreen);
