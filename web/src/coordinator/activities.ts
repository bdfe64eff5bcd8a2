// "Activiteiten" for the coordinator: the partnership's coming activities
// with places taken, waitlists and open requests, and a form to create one
// (title, kind, audience, meetings at member schools or online, places,
// hours). A failed save keeps everything typed and marks the fields.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, getAll, newRequestKey } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import { activityId, audienceLabel, audiences, kindLabel, kinds, sessionWhen, type Activity } from "../activities/model.js";
import { organisationsOf, partnershipOf, sectionNav, type Organisation } from "./common.js";
import { dates } from "../activities/model.js";

const { civilDate, dayLong } = dates;

defineMessages({
  nl: {
    "coordActivities.title": "Activiteiten van het partnerschap",
    "coordActivities.new": "Nieuwe activiteit",
    "coordActivities.list": "Komende activiteiten",
    "coordActivities.none": "Er staan geen activiteiten gepland.",
    "coordActivities.taken": "{enrolled} van {capacity} plaatsen bezet",
    "coordActivities.waitlist": "{count} op de wachtlijst",
    "coordActivities.pending": "{count} wachten op goedkeuring",
    "coordActivities.created": "{title} is aangemaakt. Deelnemers kunnen zich nu inschrijven.",
    "form.title": "Titel",
    "form.kind": "Soort activiteit",
    "form.choose": "Kies…",
    "form.description": "Omschrijving",
    "form.audiences": "Voor wie",
    "form.audiencesHint": "Niets aangevinkt: iedereen kan zich inschrijven.",
    "form.themes": "Thema's",
    "form.themesHint": "Gescheiden door komma's, bijvoorbeeld: oudergesprekken, feedback geven",
    "form.session": "Bijeenkomst {n}",
    "form.sessionTitle": "Titel van de bijeenkomst (niet verplicht)",
    "form.date": "Datum",
    "form.start": "Begintijd",
    "form.end": "Eindtijd",
    "form.location": "Locatie",
    "form.onlineOnly": "Alleen online",
    "form.online": "Ook online te volgen",
    "form.room": "Lokaal, adres of link",
    "form.addSession": "Bijeenkomst toevoegen",
    "form.removeSession": "Bijeenkomst {n} verwijderen",
    "form.capacity": "Aantal plaatsen",
    "form.hours": "Uren voor het ontwikkeloverzicht",
    "form.approval": "Leidinggevende moet inschrijvingen goedkeuren",
    "form.create": "Activiteit aanmaken",
    "form.required": "Vul dit in.",
    "form.capacityMin": "Minstens 1 plaats.",
    "form.endAfterStart": "De eindtijd moet na de begintijd liggen.",
    "form.errors": "Niet alles is goed ingevuld; kijk de gemarkeerde velden na.",
  },
  en: {
    "coordActivities.title": "The partnership's activities",
    "coordActivities.new": "New activity",
    "coordActivities.list": "Coming activities",
    "coordActivities.none": "No activities are planned.",
    "coordActivities.taken": "{enrolled} of {capacity} places taken",
    "coordActivities.waitlist": "{count} on the waitlist",
    "coordActivities.pending": "{count} awaiting approval",
    "coordActivities.created": "{title} has been created. Participants can enrol now.",
    "form.title": "Title",
    "form.kind": "Kind of activity",
    "form.choose": "Choose…",
    "form.description": "Description",
    "form.audiences": "Who it is for",
    "form.audiencesHint": "Nothing ticked: anyone can enrol.",
    "form.themes": "Themes",
    "form.themesHint": "Separated by commas, for example: parent conversations, giving feedback",
    "form.session": "Meeting {n}",
    "form.sessionTitle": "Title of the meeting (optional)",
    "form.date": "Date",
    "form.start": "Start time",
    "form.end": "End time",
    "form.location": "Location",
    "form.onlineOnly": "Online only",
    "form.online": "Can also be followed online",
    "form.room": "Room, address or link",
    "form.addSession": "Add a meeting",
    "form.removeSession": "Remove meeting {n}",
    "form.capacity": "Number of places",
    "form.hours": "Hours for the development record",
    "form.approval": "A manager must approve enrolments",
    "form.create": "Create activity",
    "form.required": "Fill this in.",
    "form.capacityMin": "At least 1 place.",
    "form.endAfterStart": "The end time must be after the start time.",
    "form.errors": "Not everything is filled in correctly; check the highlighted fields.",
  },
});

interface SessionDraft {
  title: string;
  date: string;
  start: string;
  end: string;
  location: string;
  online: boolean;
  room: string;
}

interface Draft {
  title: string;
  kind: string;
  description: string;
  audiences: string[];
  themes: string;
  sessions: SessionDraft[];
  capacity: string;
  hours: string;
  approvalRequired: boolean;
}

function emptySession(): SessionDraft {
  return { title: "", date: "", start: "15:00", end: "17:00", location: "", online: false, room: "" };
}

function emptyDraft(): Draft {
  return { title: "", kind: "", description: "", audiences: [], themes: "", sessions: [emptySession()], capacity: "20", hours: "", approvalRequired: false };
}

// An activity id from its title: "themamiddag-taal-k3f9x2".
function idFor(title: string): string {
  const slug = title.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  const suffix = Math.random().toString(36).slice(2, 8);
  return /^[a-z]/.test(slug) ? `${slug}-${suffix}` : `a-${slug ? `${slug}-` : ""}${suffix}`;
}

export class CoordinatorActivities extends Screen {
  static properties = {
    ...Screen.properties,
    activities: { state: true }, organisations: { state: true }, draft: { state: true },
    errors: { state: true }, formOpen: { state: true }, message: { state: true },
  };

  declare activities: Activity[] | null;
  declare organisations: Organisation[];
  declare draft: Draft;
  // Field errors by field path ("title", "sessions[0].date").
  declare errors: Record<string, string>;
  declare formOpen: boolean;
  declare message: string;

  constructor() {
    super();
    this.activities = null;
    this.organisations = [];
    this.draft = emptyDraft();
    this.errors = {};
    this.formOpen = false;
    this.message = "";
  }

  get heading(): string {
    return t("coordActivities.title");
  }

  protected async refresh(): Promise<void> {
    const partnership = partnershipOf(this.session);
    await this.run(async () => {
      const [activities, organisations] = await Promise.all([
        getAll<Activity>("/v1/activities", "activities", { owner: partnership }),
        organisationsOf(partnership),
      ]);
      this.activities = activities;
      this.organisations = [...organisations].sort((a, b) => a.displayName.localeCompare(b.displayName));
    });
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft = { ...this.draft, [key]: value };
  }

  private setSession<K extends keyof SessionDraft>(index: number, key: K, value: SessionDraft[K]): void {
    const sessions = this.draft.sessions.map((each, i) => (i === index ? { ...each, [key]: value } : each));
    this.set("sessions", sessions);
  }

  private validate(): Record<string, string> {
    const d = this.draft;
    const errors: Record<string, string> = {};
    if (!d.title.trim()) errors.title = t("form.required");
    if (!d.kind) errors.kind = t("form.required");
    if (!(Number(d.capacity) >= 1)) errors.capacity = t("form.capacityMin");
    d.sessions.forEach((session, i) => {
      for (const key of ["date", "start", "end"] as const) {
        if (!session[key]) errors[`sessions[${i}].${key}`] = t("form.required");
      }
      if (session.start && session.end && session.end <= session.start) errors[`sessions[${i}].end`] = t("form.endAfterStart");
    });
    return errors;
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    this.message = "";
    this.errors = this.validate();
    if (Object.keys(this.errors).length > 0) {
      this.focusFirstError();
      return;
    }
    const d = this.draft;
    const partnership = partnershipOf(this.session);
    const body = {
      owner: partnership,
      kind: d.kind,
      title: d.title.trim(),
      description: d.description.trim(),
      audiences: d.audiences,
      themes: d.themes.split(",").map((each) => each.trim()).filter(Boolean),
      sessions: d.sessions.map((s) => ({
        title: s.title.trim(), date: s.date, start: s.start, end: s.end,
        location: s.location, online: s.online || !s.location, room: s.room.trim(),
      })),
      capacity: Number(d.capacity),
      hours: d.hours ? Number(d.hours.replace(",", ".")) : 0,
      approvalRequired: d.approvalRequired,
    };
    const created = await this.run(async () => {
      try {
        return await call<Activity>("POST", "/v1/activities", body, { idempotencyKey: newRequestKey(), query: { activityId: idFor(body.title) } });
      } catch (error) {
        if (error instanceof ApiError) {
          this.errors = Object.fromEntries(error.fieldViolations.map((v) => [v.field.replace(/^activity\./, ""), v.description]));
        }
        throw error;
      }
    });
    if (!created) {
      this.focusFirstError();
      return;
    }
    this.draft = emptyDraft();
    this.formOpen = false;
    await this.refresh();
    this.message = t("coordActivities.created", { title: created.title });
  }

  private focusFirstError(): void {
    void this.updateComplete.then(() => (this.querySelector("[aria-invalid='true']") as HTMLElement | null)?.focus());
  }

  // A text-like input with its label and inline error.
  private field(id: string, path: string, label: string, input: TemplateResult, hint = ""): TemplateResult {
    const error = this.errors[path];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
      ${input}
      ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}
    </div>`;
  }

  private describedBy(id: string, path: string, hint = false): string {
    return [hint ? `${id}-hint` : "", this.errors[path] ? `${id}-error` : ""].filter(Boolean).join(" ");
  }

  private sessionFields(session: SessionDraft, i: number): TemplateResult {
    const n = i + 1;
    const id = (key: string) => `session-${i}-${key}`;
    const p = (key: string) => `sessions[${i}].${key}`;
    const invalid = (key: string) => (this.errors[p(key)] ? "true" : "false");
    return html`
      <fieldset class="session-fields">
        <legend>${t("form.session", { n })}</legend>
        ${this.field(id("title"), p("title"), t("form.sessionTitle"), html`<input id=${id("title")} .value=${session.title}
          @input=${(e: Event) => this.setSession(i, "title", (e.target as HTMLInputElement).value)}>`)}
        <div class="field-row">
          ${this.field(id("date"), p("date"), t("form.date"), html`<input id=${id("date")} type="date" required .value=${session.date}
            aria-invalid=${invalid("date")} aria-describedby=${this.describedBy(id("date"), p("date")) || nothing}
            @input=${(e: Event) => this.setSession(i, "date", (e.target as HTMLInputElement).value)}>`)}
          ${this.field(id("start"), p("start"), t("form.start"), html`<input id=${id("start")} type="time" required .value=${session.start}
            aria-invalid=${invalid("start")} aria-describedby=${this.describedBy(id("start"), p("start")) || nothing}
            @input=${(e: Event) => this.setSession(i, "start", (e.target as HTMLInputElement).value)}>`)}
          ${this.field(id("end"), p("end"), t("form.end"), html`<input id=${id("end")} type="time" required .value=${session.end}
            aria-invalid=${invalid("end")} aria-describedby=${this.describedBy(id("end"), p("end")) || nothing}
            @input=${(e: Event) => this.setSession(i, "end", (e.target as HTMLInputElement).value)}>`)}
        </div>
        ${this.field(id("location"), p("location"), t("form.location"), html`<select id=${id("location")}
          aria-invalid=${invalid("location")} aria-describedby=${this.describedBy(id("location"), p("location")) || nothing}
          @change=${(e: Event) => this.setSession(i, "location", (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${session.location === ""}>${t("form.onlineOnly")}</option>
          ${this.organisations.map((org) => html`<option value=${org.name} ?selected=${session.location === org.name}>${org.displayName}${org.city ? ` (${org.city})` : ""}</option>`)}
        </select>`)}
        ${session.location ? html`<label class="check"><input type="checkbox" .checked=${session.online}
          @change=${(e: Event) => this.setSession(i, "online", (e.target as HTMLInputElement).checked)}>${t("form.online")}</label>` : nothing}
        ${this.field(id("room"), p("room"), t("form.room"), html`<input id=${id("room")} .value=${session.room}
          @input=${(e: Event) => this.setSession(i, "room", (e.target as HTMLInputElement).value)}>`)}
        ${this.draft.sessions.length > 1 ? html`<button type="button" class="button-secondary"
          @click=${() => this.set("sessions", this.draft.sessions.filter((_, j) => j !== i))}>${t("form.removeSession", { n })}</button>` : nothing}
      </fieldset>`;
  }

  private form(): TemplateResult {
    const d = this.draft;
    const invalid = (path: string) => (this.errors[path] ? "true" : "false");
    return html`
      <form class="card activity-form" novalidate @submit=${this.create} aria-labelledby="new-activity">
        <h2 id="new-activity">${t("coordActivities.new")}</h2>
        ${Object.keys(this.errors).length ? html`<p class="notice notice-error" role="alert">${t("form.errors")}</p>` : nothing}
        ${this.field("activity-title", "title", t("form.title"), html`<input id="activity-title" required .value=${d.title}
          aria-invalid=${invalid("title")} aria-describedby=${this.describedBy("activity-title", "title") || nothing}
          @input=${(e: Event) => this.set("title", (e.target as HTMLInputElement).value)}>`)}
        ${this.field("activity-kind", "kind", t("form.kind"), html`<select id="activity-kind" required
          aria-invalid=${invalid("kind")} aria-describedby=${this.describedBy("activity-kind", "kind") || nothing}
          @change=${(e: Event) => this.set("kind", (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${d.kind === ""}>${t("form.choose")}</option>
          ${kinds.map((kind) => html`<option value=${kind} ?selected=${d.kind === kind}>${kindLabel(kind)}</option>`)}
        </select>`)}
        ${this.field("activity-description", "description", t("form.description"), html`<textarea id="activity-description" .value=${d.description}
          @input=${(e: Event) => this.set("description", (e.target as HTMLTextAreaElement).value)}></textarea>`)}
        <fieldset class="field" aria-describedby="activity-audiences-hint">
          <legend>${t("form.audiences")}</legend>
          <p class="hint" id="activity-audiences-hint">${t("form.audiencesHint")}</p>
          ${audiences.map((audience) => html`<label class="check"><input type="checkbox" name="audience" value=${audience}
            .checked=${d.audiences.includes(audience)}
            @change=${(e: Event) => this.set("audiences", (e.target as HTMLInputElement).checked
              ? [...d.audiences, audience] : d.audiences.filter((each) => each !== audience))}>${audienceLabel(audience)}</label>`)}
        </fieldset>
        ${this.field("activity-themes", "themes", t("form.themes"), html`<input id="activity-themes" .value=${d.themes}
          aria-describedby="activity-themes-hint" @input=${(e: Event) => this.set("themes", (e.target as HTMLInputElement).value)}>`, t("form.themesHint"))}
        ${d.sessions.map((session, i) => this.sessionFields(session, i))}
        <p><button type="button" class="button-secondary" @click=${() => this.set("sessions", [...d.sessions, emptySession()])}>${t("form.addSession")}</button></p>
        <div class="field-row">
          ${this.field("activity-capacity", "capacity", t("form.capacity"), html`<input id="activity-capacity" type="number" min="1" max="10000" inputmode="numeric" required
            .value=${d.capacity} aria-invalid=${invalid("capacity")} aria-describedby=${this.describedBy("activity-capacity", "capacity") || nothing}
            @input=${(e: Event) => this.set("capacity", (e.target as HTMLInputElement).value)}>`)}
          ${this.field("activity-hours", "hours", t("form.hours"), html`<input id="activity-hours" type="number" min="0" max="1000" step="0.25" inputmode="decimal"
            .value=${d.hours} aria-invalid=${invalid("hours")} aria-describedby=${this.describedBy("activity-hours", "hours") || nothing}
            @input=${(e: Event) => this.set("hours", (e.target as HTMLInputElement).value)}>`)}
        </div>
        <label class="check"><input type="checkbox" .checked=${d.approvalRequired}
          @change=${(e: Event) => this.set("approvalRequired", (e.target as HTMLInputElement).checked)}>${t("form.approval")}</label>
        <div class="row">
          <button type="submit" class="button-primary" ?disabled=${this.busy}>${t("form.create")}</button>
          <button type="button" class="button-secondary" @click=${() => { this.formOpen = false; this.errors = {}; }}>${t("ui.cancel")}</button>
        </div>
      </form>`;
  }

  private item(activity: Activity): TemplateResult {
    const first = activity.sessions?.[0];
    const waiting = activity.waitlistedCount ?? 0;
    const pending = activity.pendingCount ?? 0;
    const full = (activity.freePlaces ?? 0) <= 0;
    return html`<li>
      <a href="/coordinatie/activiteiten/${activityId(activity.name)}" class="item-link">${activity.title}</a>
      <br><span class="muted">${kindLabel(activity.kind)}${first ? ` · ${sessionWhen(first, dayLong, civilDate)}` : ""}</span>
      <br><span class="badge ${full ? "badge-error" : ""}">${t("coordActivities.taken", { enrolled: activity.enrolledCount ?? 0, capacity: activity.capacity })}</span>
      ${waiting ? html`<span class="badge badge-warning">${t("coordActivities.waitlist", { count: waiting })}</span>` : nothing}
      ${pending ? html`<span class="badge">${t("coordActivities.pending", { count: pending })}</span>` : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const activities = this.activities;
    return html`
      ${this.header(this.formOpen ? nothing : html`<button type="button" class="button-primary"
        @click=${() => { this.formOpen = true; this.message = ""; void this.updateComplete.then(() => (this.querySelector("#activity-title") as HTMLElement | null)?.focus()); }}>${t("coordActivities.new")}</button>`)}
      ${sectionNav()}
      <div aria-live="polite">${this.message ? successNotice(this.message) : nothing}</div>
      ${this.formOpen ? this.form() : nothing}
      <section class="card" aria-labelledby="activities-list">
        <h2 id="activities-list">${t("coordActivities.list")}</h2>
        ${!activities ? (this.busy ? loading() : nothing) : activities.length === 0
          ? html`<p class="muted">${t("coordActivities.none")}</p>`
          : html`<ul class="plain-list">${activities.map((each) => this.item(each))}</ul>`}
      </section>
    `;
  }
}

customElements.define("samen-coord-activities", CoordinatorActivities);
