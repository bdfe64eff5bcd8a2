// Beschikbaarheid (/coach/beschikbaarheid): when starters can book the coach —
// weekly windows, session length, buffer, most sessions a day, where (room
// and online link), and exceptions (a day off, an extra window). Saved as a
// whole with the etag it was read with (If-Match): when someone else changed
// it in the meantime, the newest version is shown and the change is redone.

import { html, nothing, type TemplateResult } from "lit";
import { EditScreen } from "../core/edit_screen.js";
import { civilDate, dayAndTime } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, successNotice } from "../core/ui.js";
import { addDays, today } from "./model.js";

defineMessages({
  nl: {
    "coach.avail.title": "Beschikbaarheid",
    "coach.avail.intro": "Starters boeken gesprekken binnen deze tijden (Nederlandse tijd).",
    "coach.avail.weekly": "Elke week",
    "coach.avail.noWindows": "Nog geen vaste tijden: starters kunnen je nu niet boeken.",
    "coach.avail.day": "Dag",
    "coach.avail.from": "Van",
    "coach.avail.to": "Tot",
    "coach.avail.remove": "Verwijderen",
    "coach.avail.removeWindow": "Verwijder {day} {from}–{to}",
    "coach.avail.removeException": "Verwijder uitzondering van {date}",
    "coach.avail.addWindow": "Tijdvak toevoegen",
    "coach.avail.sessions": "Gesprekken",
    "coach.avail.slot": "Lengte van een gesprek (minuten)",
    "coach.avail.buffer": "Pauze na een gesprek (minuten)",
    "coach.avail.max": "Hoogstens zoveel afspraken per dag (0: geen grens)",
    "coach.avail.place": "Waar",
    "coach.avail.location": "Plaats, bijvoorbeeld een lokaal",
    "coach.avail.online": "Link voor online gesprekken (https://…)",
    "coach.avail.exceptions": "Uitzonderingen",
    "coach.avail.exceptionsHint": "Een vrije dag, of een extra tijdvak op één datum.",
    "coach.avail.noExceptions": "Geen uitzonderingen.",
    "coach.avail.date": "Datum",
    "coach.avail.kind": "Soort",
    "coach.avail.kind.DAY_OFF": "Vrij (hele dag)",
    "coach.avail.kind.EXTRA_WINDOW": "Extra tijdvak",
    "coach.avail.addException": "Uitzondering toevoegen",
    "coach.avail.save": "Beschikbaarheid opslaan",
    "coach.avail.saved": "Je beschikbaarheid is opgeslagen.",
    "coach.avail.lastChanged": "Laatst gewijzigd: {when}",
    "coach.avail.window": "Tijdvak {n}",
    "coach.avail.exception": "Uitzondering {n}",
    "weekday.MONDAY": "maandag",
    "weekday.TUESDAY": "dinsdag",
    "weekday.WEDNESDAY": "woensdag",
    "weekday.THURSDAY": "donderdag",
    "weekday.FRIDAY": "vrijdag",
    "weekday.SATURDAY": "zaterdag",
    "weekday.SUNDAY": "zondag",
  },
  en: {
    "coach.avail.title": "Availability",
    "coach.avail.intro": "Starting teachers book sessions within these times (Dutch time).",
    "coach.avail.weekly": "Every week",
    "coach.avail.noWindows": "No regular times yet: starting teachers cannot book you now.",
    "coach.avail.day": "Day",
    "coach.avail.from": "From",
    "coach.avail.to": "To",
    "coach.avail.remove": "Remove",
    "coach.avail.removeWindow": "Remove {day} {from}–{to}",
    "coach.avail.removeException": "Remove the exception on {date}",
    "coach.avail.addWindow": "Add a time window",
    "coach.avail.sessions": "Sessions",
    "coach.avail.slot": "Length of a session (minutes)",
    "coach.avail.buffer": "Break after a session (minutes)",
    "coach.avail.max": "At most this many appointments a day (0: no limit)",
    "coach.avail.place": "Where",
    "coach.avail.location": "Place, for example a room",
    "coach.avail.online": "Link for online sessions (https://…)",
    "coach.avail.exceptions": "Exceptions",
    "coach.avail.exceptionsHint": "A day off, or an extra time window on one date.",
    "coach.avail.noExceptions": "No exceptions.",
    "coach.avail.date": "Date",
    "coach.avail.kind": "Kind",
    "coach.avail.kind.DAY_OFF": "Off (whole day)",
    "coach.avail.kind.EXTRA_WINDOW": "Extra time window",
    "coach.avail.addException": "Add an exception",
    "coach.avail.save": "Save availability",
    "coach.avail.saved": "Your availability has been saved.",
    "coach.avail.lastChanged": "Last changed: {when}",
    "coach.avail.window": "Time window {n}",
    "coach.avail.exception": "Exception {n}",
    "weekday.MONDAY": "Monday",
    "weekday.TUESDAY": "Tuesday",
    "weekday.WEDNESDAY": "Wednesday",
    "weekday.THURSDAY": "Thursday",
    "weekday.FRIDAY": "Friday",
    "weekday.SATURDAY": "Saturday",
    "weekday.SUNDAY": "Sunday",
  },
});

const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
type Weekday = (typeof weekdays)[number];

interface WeeklyWindow {
  day: Weekday;
  startTime: string;
  endTime: string;
}

interface AvailabilityException {
  date: string;
  kind: "DAY_OFF" | "EXTRA_WINDOW";
  startTime?: string;
  endTime?: string;
}

interface Availability {
  name?: string;
  slotMinutes?: number;
  bufferMinutes?: number;
  maxSessionsPerDay?: number;
  location?: string;
  onlineLink?: string;
  weeklyWindows?: WeeklyWindow[];
  exceptions?: AvailabilityException[];
  etag?: string;
  updateTime?: string;
}

export class CoachAvailabilityScreen extends EditScreen<Availability> {
  get heading(): string {
    return t("coach.avail.title");
  }

  protected get path(): string {
    return `/v1/coaches/${encodeURIComponent(personId(this.session))}/availability`;
  }

  private static sorted(a: Availability): Availability {
    const windows = [...(a.weeklyWindows ?? [])].sort(
      (x, y) => weekdays.indexOf(x.day) - weekdays.indexOf(y.day) || x.startTime.localeCompare(y.startTime),
    );
    const exceptions = [...(a.exceptions ?? [])].sort((x, y) => x.date.localeCompare(y.date));
    return { ...a, weeklyWindows: windows, exceptions };
  }

  protected shown(resource: Availability): Availability {
    return CoachAvailabilityScreen.sorted(resource);
  }

  private change(mutate: (draft: Availability) => void): void {
    const draft = structuredClone(this.draft!);
    mutate(draft);
    this.draft = draft;
    this.saved = false;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const draft = this.draft!;
    const body: Availability = {
      slotMinutes: draft.slotMinutes ?? 0,
      bufferMinutes: draft.bufferMinutes ?? 0,
      maxSessionsPerDay: draft.maxSessionsPerDay ?? 0,
      location: draft.location ?? "",
      onlineLink: draft.onlineLink ?? "",
      weeklyWindows: draft.weeklyWindows ?? [],
      exceptions: (draft.exceptions ?? []).map((e) =>
        e.kind === "DAY_OFF" ? { date: e.date, kind: e.kind } : { date: e.date, kind: e.kind, startTime: e.startTime, endTime: e.endTime }),
    };
    await this.saveDraft(body, /*ifMatch=*/true);
  }

  private number(id: string, label: string, value: number | undefined, min: number, max: number, step: number,
    set: (draft: Availability, value: number) => void): TemplateResult {
    return html`
      <label for=${id}>${label}</label>
      <input id=${id} type="number" inputmode="numeric" min=${min} max=${max} step=${step} .value=${String(value ?? 0)}
        @change=${(e: Event) => this.change((d) => set(d, Number((e.target as HTMLInputElement).value) || 0))}>`;
  }

  private windows(draft: Availability): TemplateResult {
    const list = draft.weeklyWindows ?? [];
    return html`
      <section class="card" aria-labelledby="avail-weekly">
        <h2 id="avail-weekly">${t("coach.avail.weekly")}</h2>
        <p class="hint">${t("coach.avail.intro")}</p>
        ${list.length === 0 ? html`<p class="notice notice-warning">${t("coach.avail.noWindows")}</p>` : nothing}
        <ul class="plain-list avail-rows">
          ${list.map((w, i) => html`<li>
            <fieldset class="avail-row avail-row-window">
              <legend class="visually-hidden">${t("coach.avail.window", { n: i + 1 })}</legend>
              <div class="avail-field avail-day">
                <label for=${`w-day-${i}`}>${t("coach.avail.day")}</label>
                <select id=${`w-day-${i}`} @change=${(e: Event) => this.change((d) => { d.weeklyWindows![i].day = (e.target as HTMLSelectElement).value as Weekday; })}>
                  ${weekdays.map((day) => html`<option value=${day} ?selected=${day === w.day}>${t(`weekday.${day}`)}</option>`)}
                </select>
              </div>
              <div class="avail-field avail-from">
                <label for=${`w-from-${i}`}>${t("coach.avail.from")}</label>
                <input id=${`w-from-${i}`} type="time" step="300" required .value=${w.startTime}
                  @change=${(e: Event) => this.change((d) => { d.weeklyWindows![i].startTime = (e.target as HTMLInputElement).value; })}>
              </div>
              <div class="avail-field avail-to">
                <label for=${`w-to-${i}`}>${t("coach.avail.to")}</label>
                <input id=${`w-to-${i}`} type="time" step="300" required .value=${w.endTime}
                  @change=${(e: Event) => this.change((d) => { d.weeklyWindows![i].endTime = (e.target as HTMLInputElement).value; })}>
              </div>
              <button type="button" class="button-danger avail-remove"
                aria-label=${t("coach.avail.removeWindow", { day: t(`weekday.${w.day}`), from: w.startTime, to: w.endTime })}
                @click=${() => this.change((d) => { d.weeklyWindows!.splice(i, 1); })}>${t("coach.avail.remove")}</button>
            </fieldset>
          </li>`)}
        </ul>
        <button type="button" class="button-secondary" @click=${() => this.change((d) => {
          const last = d.weeklyWindows?.at(-1);
          const next = last ? weekdays[(weekdays.indexOf(last.day) + 1) % 5] : "MONDAY";
          d.weeklyWindows = [...(d.weeklyWindows ?? []), { day: next, startTime: last?.startTime ?? "09:00", endTime: last?.endTime ?? "12:00" }];
        })}>${t("coach.avail.addWindow")}</button>
      </section>`;
  }

  private exceptions(draft: Availability): TemplateResult {
    const list = draft.exceptions ?? [];
    return html`
      <section class="card" aria-labelledby="avail-exceptions">
        <h2 id="avail-exceptions">${t("coach.avail.exceptions")}</h2>
        <p class="hint">${t("coach.avail.exceptionsHint")}</p>
        ${list.length === 0 ? html`<p class="muted">${t("coach.avail.noExceptions")}</p>` : nothing}
        <ul class="plain-list avail-rows">
          ${list.map((x, i) => html`<li>
            <fieldset class="avail-row avail-row-exception">
              <legend class="visually-hidden">${t("coach.avail.exception", { n: i + 1 })}</legend>
              <div class="avail-field avail-day">
                <label for=${`x-date-${i}`}>${t("coach.avail.date")}</label>
                <input id=${`x-date-${i}`} type="date" required min=${today()} .value=${x.date}
                  @change=${(e: Event) => this.change((d) => { d.exceptions![i].date = (e.target as HTMLInputElement).value; })}>
              </div>
              <div class="avail-field avail-kind">
                <label for=${`x-kind-${i}`}>${t("coach.avail.kind")}</label>
                <select id=${`x-kind-${i}`} @change=${(e: Event) => this.change((d) => {
                  const kind = (e.target as HTMLSelectElement).value as AvailabilityException["kind"];
                  d.exceptions![i] = kind === "DAY_OFF" ? { date: x.date, kind } : { date: x.date, kind, startTime: "13:00", endTime: "16:00" };
                })}>
                  ${(["DAY_OFF", "EXTRA_WINDOW"] as const).map((kind) => html`<option value=${kind} ?selected=${kind === x.kind}>${t(`coach.avail.kind.${kind}`)}</option>`)}
                </select>
              </div>
              ${x.kind === "EXTRA_WINDOW" ? html`
                <div class="avail-field avail-from">
                  <label for=${`x-from-${i}`}>${t("coach.avail.from")}</label>
                  <input id=${`x-from-${i}`} type="time" step="300" required .value=${x.startTime ?? ""}
                    @change=${(e: Event) => this.change((d) => { d.exceptions![i].startTime = (e.target as HTMLInputElement).value; })}>
                </div>
                <div class="avail-field avail-to">
                  <label for=${`x-to-${i}`}>${t("coach.avail.to")}</label>
                  <input id=${`x-to-${i}`} type="time" step="300" required .value=${x.endTime ?? ""}
                    @change=${(e: Event) => this.change((d) => { d.exceptions![i].endTime = (e.target as HTMLInputElement).value; })}>
                </div>` : nothing}
              <button type="button" class="button-danger avail-remove"
                aria-label=${t("coach.avail.removeException", { date: x.date ? civilDate(x.date) : "" })}
                @click=${() => this.change((d) => { d.exceptions!.splice(i, 1); })}>${t("coach.avail.remove")}</button>
            </fieldset>
          </li>`)}
        </ul>
        <button type="button" class="button-secondary" @click=${() => this.change((d) => {
          d.exceptions = [...(d.exceptions ?? []), { date: addDays(today(), 7), kind: "DAY_OFF" }];
        })}>${t("coach.avail.addException")}</button>
      </section>`;
  }

  render(): TemplateResult {
    const draft = this.draft;
    return html`
      ${this.header()}
      ${!draft && this.busy ? loading() : nothing}
      ${draft ? html`
        <form @submit=${(e: SubmitEvent) => this.save(e)}>
          ${this.windows(draft)}
          <section class="card" aria-labelledby="avail-sessions">
            <h2 id="avail-sessions">${t("coach.avail.sessions")}</h2>
            <div class="avail-numbers">
              <div>${this.number("avail-slot", t("coach.avail.slot"), draft.slotMinutes, 15, 240, 5, (d, v) => { d.slotMinutes = v; })}</div>
              <div>${this.number("avail-buffer", t("coach.avail.buffer"), draft.bufferMinutes, 0, 120, 5, (d, v) => { d.bufferMinutes = v; })}</div>
              <div>${this.number("avail-max", t("coach.avail.max"), draft.maxSessionsPerDay, 0, 20, 1, (d, v) => { d.maxSessionsPerDay = v; })}</div>
            </div>
          </section>
          <section class="card" aria-labelledby="avail-place">
            <h2 id="avail-place">${t("coach.avail.place")}</h2>
            <label for="avail-location">${t("coach.avail.location")}</label>
            <input id="avail-location" type="text" autocomplete="off" .value=${draft.location ?? ""}
              @change=${(e: Event) => this.change((d) => { d.location = (e.target as HTMLInputElement).value; })}>
            <label for="avail-online">${t("coach.avail.online")}</label>
            <input id="avail-online" type="url" inputmode="url" autocomplete="url" .value=${draft.onlineLink ?? ""}
              @change=${(e: Event) => this.change((d) => { d.onlineLink = (e.target as HTMLInputElement).value; })}>
          </section>
          ${this.exceptions(draft)}
          <div aria-live="polite">${this.saved ? successNotice(t("coach.avail.saved")) : nothing}</div>
          <p><button type="submit" class="button-primary button-wide" ?disabled=${this.busy}>${t("coach.avail.save")}</button></p>
          ${draft.updateTime ? html`<p class="hint">${t("coach.avail.lastChanged", { when: dayAndTime(draft.updateTime) })}</p>` : nothing}
        </form>` : nothing}
    `;
  }
}

customElements.define("samen-coach-availability", CoachAvailabilityScreen);
