// A lesson visit or intervision meeting (/coach/bijeenkomsten/:event): what,
// when, where, who; recording that it was held, once it has started.

import { html, nothing, type TemplateResult } from "lit";
import { call, get, getAll } from "../core/api.js";
import { dayAndTime, dayLong, timeRange } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import { starterName, stateBadge, stateLabel, type CalendarEvent, type Starter } from "./model.js";

defineMessages({
  nl: {
    "coach.event.title": "Bijeenkomst",
    "coach.event.starters": "Starters",
    "coach.event.held": "Gehouden",
    "coach.event.attendance": "Aanwezigheid",
    "coach.event.notYet": "Dat deze bijeenkomst gehouden is, kun je vastleggen zodra ze begonnen is ({when}).",
    "coach.event.cancelled": "Deze bijeenkomst is geannuleerd.",
    "coach.event.recorded": "Vastgelegd: de bijeenkomst is gehouden.",
    "coach.event.isHeld": "Deze bijeenkomst is gehouden.",
  },
  en: {
    "coach.event.title": "Meeting",
    "coach.event.starters": "Starting teachers",
    "coach.event.held": "Held",
    "coach.event.attendance": "Attendance",
    "coach.event.notYet": "You can record that this meeting was held once it has started ({when}).",
    "coach.event.cancelled": "This meeting was cancelled.",
    "coach.event.recorded": "Recorded: the meeting was held.",
    "coach.event.isHeld": "This meeting was held.",
  },
});

export class CoachEventScreen extends Screen {
  static properties = { ...Screen.properties, event: { state: true }, names: { state: true }, done: { state: true } };

  declare event: CalendarEvent | null;
  declare names: Map<string, string>;
  declare done: string;

  constructor() {
    super();
    this.event = null;
    this.names = new Map();
    this.done = "";
  }

  get heading(): string {
    return this.event ? t(`coach.kind.${this.event.kind}`) : t("coach.event.title");
  }

  private get path(): string {
    return `/v1/events/${encodeURIComponent(this.params.event)}`;
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const [event, starters] = await Promise.all([
        get<CalendarEvent>(this.path),
        getAll<Starter>("/v1/starters", "starters", { coach: `people/${personId(this.session)}` }).catch(() => [] as Starter[]),
      ]);
      this.event = event;
      this.names = new Map(starters.map((s) => [s.name, s.displayName]));
    });
  }

  private async held(): Promise<void> {
    this.done = "";
    const event = await this.run(() => call<CalendarEvent>("POST", `${this.path}:recordAttendance`, {}));
    if (event) {
      this.event = event;
      this.done = t("coach.event.recorded");
    }
  }

  private attendance(event: CalendarEvent): TemplateResult {
    if (event.state === "CANCELLED") {
      return html`<p>${t("coach.event.cancelled")}</p>`;
    }
    if (event.state === "HELD") {
      return html`<p>${t("coach.event.isHeld")}</p>`;
    }
    if (Date.parse(event.startTime) > Date.now()) {
      return html`<p class="hint">${t("coach.event.notYet", { when: dayAndTime(event.startTime) })}</p>`;
    }
    return html`<button type="button" class="button-primary" ?disabled=${this.busy} @click=${() => this.held()}>${t("coach.event.held")}</button>`;
  }

  render(): TemplateResult {
    const event = this.event;
    return html`
      <p class="coach-back"><a href="/coach">${t("coach.back")}</a></p>
      ${this.header()}
      ${!event && this.busy ? loading() : nothing}
      ${event ? html`
        <section class="card" aria-labelledby="event-what">
          <h2 id="event-what">${event.title || t(`coach.kind.${event.kind}`)}</h2>
          <dl class="coach-facts">
            <div><dt>${t("coach.when")}</dt><dd>${dayLong(event.startTime)}, ${timeRange(event.startTime, event.endTime)}</dd></div>
            <div><dt>${t("coach.where")}</dt><dd>${event.location || "—"}</dd></div>
            <div><dt>${t("coach.event.starters")}</dt><dd>${(event.starters ?? []).map((s) => starterName(this.names, s)).join(", ") || "—"}</dd></div>
            <div><dt>${t("coach.status")}</dt><dd><span class=${stateBadge(event.state)}>${stateLabel(event.state)}</span></dd></div>
          </dl>
        </section>
        <section class="card" aria-labelledby="event-attendance">
          <h2 id="event-attendance">${t("coach.event.attendance")}</h2>
          ${this.attendance(event)}
        </section>
        <div aria-live="polite">${this.done ? successNotice(this.done) : nothing}</div>` : nothing}
    `;
  }
}

customElements.define("samen-coach-event", CoachEventScreen);
