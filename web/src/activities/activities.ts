// "Activiteiten": the professionalisation activities a person may enrol in
// (search by words, theme and dates; capacity and places left), their own
// enrolments with the waitlist position, enrolling and withdrawing within
// the rules (the cancellation deadline, the server's reasons otherwise).

import { html, nothing, type TemplateResult } from "lit";
import { call, get, newRequestKey, type Query } from "../core/api.js";
import { number } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import {
  activityOf, audienceLabel, audiencesOf, deadline, meantFor, enrolmentLabel, isActive, kindLabel, sessionWhen, sessionWhere,
  type Activity, type Enrolment,
} from "./model.js";
import { dates } from "./model.js";

const { civilDate, dayAndTime, dayLong, time } = dates;

defineMessages({
  nl: {
    "activities.title": "Activiteiten",
    "activities.intro": "Trainingen, intervisie, vaardighedenlabs en studiedagen die voor jou bedoeld zijn. Schrijf je in; is een activiteit vol, dan kom je op de wachtlijst.",
    "activities.mine": "Mijn inschrijvingen",
    "activities.mineEmpty": "Je staat nog nergens voor ingeschreven.",
    "activities.offer": "Aanbod",
    "activities.search": "Zoeken",
    "activities.query": "Zoekwoorden",
    "activities.theme": "Thema",
    "activities.from": "Vanaf",
    "activities.until": "Tot en met",
    "activities.onlyFree": "Alleen met vrije plaatsen",
    "activities.filter": "Zoeken",
    "activities.clear": "Alles tonen",
    "activities.moreFilters": "Thema, datum en vrije plaatsen",
    "activities.none": "Geen activiteiten gevonden. Probeer andere zoekwoorden of data.",
    "activities.count.one": "1 activiteit",
    "activities.count.other": "{count} activiteiten",
    "activities.more": "Meer laden",
    "activities.countFirst.one": "De eerste activiteit",
    "activities.countFirst.other": "De eerste {count} activiteiten",
    "activities.details": "Meer over deze activiteit",
    "activities.for": "Voor: {who}",
    "activities.sessions": "Bijeenkomsten",
    "activities.enrol": "Inschrijven",
    "activities.enrolWaitlist": "Op de wachtlijst zetten",
    "activities.enrolFor": "Inschrijven voor {title}",
    "activities.withdraw": "Uitschrijven",
    "activities.leaveWaitlist": "Van de wachtlijst af",
    "activities.withdrawRequest": "Aanmelding intrekken",
    "activities.confirmWithdraw": "Weet je zeker dat je je uitschrijft voor {title}?",
    "activities.confirmYes": "Ja, uitschrijven",
    "activities.confirmNo": "Nee, ingeschreven blijven",
    "activities.cancelUntil": "Uitschrijven kan tot {when}.",
    "activities.cancelThrough": "Uitschrijven kan tot en met {day}.",
    "activities.cancelPassed": "Uitschrijven kan niet meer; laat het de organisator weten als je niet kunt komen.",
    "activities.approval": "Je leidinggevende moet je aanmelding goedkeuren.",
    "activities.result.ENROLLED": "Je bent ingeschreven voor {title}.",
    "activities.result.WAITLISTED": "Je staat op de wachtlijst, plaats {position}. Komt er een plaats vrij, dan krijg je die vanzelf.",
    "activities.result.PENDING_APPROVAL": "Je aanmelding voor {title} wacht op goedkeuring van je leidinggevende.",
    "activities.withdrawn": "Je bent uitgeschreven voor {title}.",
    "activities.yourStatus": "Jouw inschrijving: {status}",
    "activities.seeMine": "Naar je inschrijving",
  },
  en: {
    "activities.title": "Activities",
    "activities.intro": "Trainings, intervision, skills labs and study days meant for you. Enrol; when an activity is full you join the waitlist.",
    "activities.mine": "My enrolments",
    "activities.mineEmpty": "You are not enrolled in anything yet.",
    "activities.offer": "On offer",
    "activities.search": "Search",
    "activities.query": "Words",
    "activities.theme": "Theme",
    "activities.from": "From",
    "activities.until": "Until",
    "activities.onlyFree": "Only with places left",
    "activities.filter": "Search",
    "activities.clear": "Show all",
    "activities.moreFilters": "Theme, dates and places left",
    "activities.none": "No activities found. Try other words or dates.",
    "activities.count.one": "1 activity",
    "activities.count.other": "{count} activities",
    "activities.more": "Load more",
    "activities.countFirst.one": "The first activity",
    "activities.countFirst.other": "The first {count} activities",
    "activities.details": "More about this activity",
    "activities.for": "For: {who}",
    "activities.sessions": "Meetings",
    "activities.enrol": "Enrol",
    "activities.enrolWaitlist": "Join the waitlist",
    "activities.enrolFor": "Enrol in {title}",
    "activities.withdraw": "Withdraw",
    "activities.leaveWaitlist": "Leave the waitlist",
    "activities.withdrawRequest": "Withdraw request",
    "activities.confirmWithdraw": "Are you sure you want to withdraw from {title}?",
    "activities.confirmYes": "Yes, withdraw",
    "activities.confirmNo": "No, stay enrolled",
    "activities.cancelUntil": "You can withdraw until {when}.",
    "activities.cancelThrough": "You can withdraw up to and including {day}.",
    "activities.cancelPassed": "It is too late to withdraw; tell the organiser if you cannot come.",
    "activities.approval": "Your manager must approve your enrolment.",
    "activities.result.ENROLLED": "You are enrolled in {title}.",
    "activities.result.WAITLISTED": "You are on the waitlist, place {position}. When a place frees up, it is yours.",
    "activities.result.PENDING_APPROVAL": "Your enrolment in {title} awaits your manager's approval.",
    "activities.withdrawn": "You have withdrawn from {title}.",
    "activities.yourStatus": "Your enrolment: {status}",
    "activities.seeMine": "Go to your enrolment",
  },
});

// "Uitschrijven kan tot en met zaterdag 12 december." for a deadline at
// midnight (the default), else with the time.
function cancelUntil(value: string): string {
  const { wholeDay, when } = deadline(value, dayLong, dayAndTime, time);
  return wholeDay ? t("activities.cancelThrough", { day: when }) : t("activities.cancelUntil", { when });
}

interface Filters {
  query: string;
  theme: string;
  from: string;
  until: string;
  onlyFree: boolean;
}

export class ActivitiesScreen extends Screen {
  static properties = {
    ...Screen.properties,
    activities: { state: true },
    mine: { state: true },
    mineActivities: { state: true },
    nextPage: { state: true },
    filters: { state: true },
    confirming: { state: true },
    message: { state: true },
    loaded: { state: true },
  };

  declare activities: Activity[];
  // The person's enrolments by activity name (active ones only).
  declare mine: Map<string, Enrolment>;
  declare mineActivities: Activity[];
  declare nextPage: string;
  declare filters: Filters;
  // The activity whose withdrawal waits for a second click.
  declare confirming: string;
  declare message: string;
  declare loaded: boolean;

  constructor() {
    super();
    this.activities = [];
    this.mine = new Map();
    this.mineActivities = [];
    this.nextPage = "";
    this.filters = { query: "", theme: "", from: "", until: "", onlyFree: false };
    this.confirming = "";
    this.message = "";
    this.loaded = false;
  }

  get heading(): string {
    return t("activities.title");
  }

  // The audiences the person's roles match: the offer shows what they may enrol in.
  private get audiences(): string[] {
    return audiencesOf(this.session.grants.map((grant) => grant.role));
  }

  private query(pageToken = ""): Query {
    const f = this.filters;
    const audiences = this.audiences;
    return {
      // One audience: the server filters (and pages) by it; more: see render().
      audience: audiences.length === 1 ? audiences[0] : undefined,
      query: f.query.trim(), theme: f.theme.trim(), startDate: f.from, endDate: f.until,
      onlyWithFreePlaces: f.onlyFree ? true : undefined, pageSize: 12, pageToken,
    };
  }

  // Counts loads, so that an older answer arriving late is dropped.
  private generation = 0;

  protected async refresh(): Promise<void> {
    const generation = ++this.generation;
    await this.run(async () => {
      const [page] = await Promise.all([
        get<{ activities?: Activity[]; nextPageToken?: string }>("/v1/activities", this.query()),
        this.loadMine(),
      ]);
      if (generation === this.generation) {
        this.activities = page.activities ?? [];
        this.nextPage = page.nextPageToken ?? "";
      }
    });
    if (generation === this.generation) {
      this.loaded = true;
    }
  }

  private async loadMine(): Promise<void> {
    const data = await get<{ enrolments?: Enrolment[] }>("/v1/activities/-/enrolments", {
      person: `people/${personId(this.session)}`, pageSize: 100,
    });
    const active = (data.enrolments ?? []).filter(isActive);
    this.mine = new Map(active.map((each) => [activityOf(each.name), each]));
    // What has ended is on the development record, not here.
    const now = Date.now();
    this.mineActivities = (await Promise.all(active.map((each) => get<Activity>(`/v1/${activityOf(each.name)}`))))
      .filter((each) => !each.endTime || new Date(each.endTime).getTime() > now)
      .sort((a, b) => (a.startTime ?? "").localeCompare(b.startTime ?? ""));
  }

  private async more(): Promise<void> {
    await this.run(async () => {
      const page = await get<{ activities?: Activity[]; nextPageToken?: string }>("/v1/activities", this.query(this.nextPage));
      this.activities = [...this.activities, ...(page.activities ?? [])];
      this.nextPage = page.nextPageToken ?? "";
    });
  }

  private search(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.filters = {
      query: String(form.get("query") ?? ""), theme: String(form.get("theme") ?? ""),
      from: String(form.get("from") ?? ""), until: String(form.get("until") ?? ""), onlyFree: form.get("onlyFree") === "on",
    };
    this.message = "";
    void this.refresh();
  }

  private clear(): void {
    this.filters = { query: "", theme: "", from: "", until: "", onlyFree: false };
    this.message = "";
    void this.refresh();
  }

  private async enrol(activity: Activity): Promise<void> {
    this.message = "";
    const enrolment = await this.run(() =>
      call<Enrolment>("POST", `/v1/${activity.name}/enrolments`, {}, { idempotencyKey: newRequestKey() }));
    if (!enrolment) {
      return;
    }
    await this.refresh();
    this.message = t(`activities.result.${enrolment.state}`, { title: activity.title, position: enrolment.waitlistPosition ?? 0 });
  }

  private async withdraw(activity: Activity, enrolment: Enrolment): Promise<void> {
    this.message = "";
    this.confirming = "";
    const done = await this.run(() => call<Enrolment>("POST", `/v1/${enrolment.name}:cancel`, {}, { idempotencyKey: newRequestKey() }));
    if (!done) {
      return;
    }
    await this.refresh();
    this.message = t("activities.withdrawn", { title: activity.title });
  }

  private status(enrolment: Enrolment): TemplateResult {
    const badge = enrolment.state === "ENROLLED" ? "badge-success" : "badge-warning";
    return html`<p><span class="badge ${badge}">${t("activities.yourStatus", { status: enrolmentLabel(enrolment) })}</span></p>`;
  }

  private actions(activity: Activity, mine: boolean): TemplateResult {
    const enrolment = this.mine.get(activity.name);
    if (enrolment && !mine) {
      return html`${this.status(enrolment)}<p class="hint"><a href="#activities-mine">${t("activities.seeMine")}</a></p>`;
    }
    if (!enrolment) {
      const full = (activity.freePlaces ?? 0) <= 0;
      return html`
        ${activity.approvalRequired ? html`<p class="hint">${t("activities.approval")}</p>` : nothing}
        <button type="button" class=${full ? "button-secondary" : "button-primary"} ?disabled=${this.busy}
          aria-label=${full ? nothing : t("activities.enrolFor", { title: activity.title })}
          @click=${() => this.enrol(activity)}>${full ? t("activities.enrolWaitlist") : t("activities.enrol")}</button>`;
    }
    const cancelBy = activity.cancellationDeadline;
    const passed = enrolment.state === "ENROLLED" && cancelBy !== undefined && new Date(cancelBy).getTime() < Date.now();
    const label = enrolment.state === "WAITLISTED" ? t("activities.leaveWaitlist")
      : enrolment.state === "PENDING_APPROVAL" ? t("activities.withdrawRequest") : t("activities.withdraw");
    return html`
      ${this.status(enrolment)}
      ${enrolment.state === "ENROLLED" && cancelBy
        ? html`<p class="hint">${passed ? t("activities.cancelPassed") : cancelUntil(cancelBy)}</p>`
        : nothing}
      ${passed ? nothing : this.confirming === activity.name
        ? html`<div class="withdraw-confirm" role="group" aria-label=${t("activities.confirmWithdraw", { title: activity.title })}>
            <p>${t("activities.confirmWithdraw", { title: activity.title })}</p>
            <div class="row">
              <button type="button" class="button-danger" ?disabled=${this.busy} @click=${() => this.withdraw(activity, enrolment)}>${t("activities.confirmYes")}</button>
              <button type="button" class="button-secondary" @click=${() => (this.confirming = "")}>${t("activities.confirmNo")}</button>
            </div>
          </div>`
        : html`<button type="button" class="button-secondary" @click=${() => (this.confirming = activity.name)}>${label}</button>`}
    `;
  }

  private places(activity: Activity): TemplateResult {
    const free = activity.freePlaces ?? 0;
    if (free > 0) {
      return html`<span class="badge badge-success">${t("activity.places", { free, capacity: activity.capacity })}</span>`;
    }
    const waiting = activity.waitlistedCount ?? 0;
    return html`<span class="badge badge-error">${t("activity.full")}</span>
      ${waiting > 0 ? html`<span class="badge badge-warning">${t("activity.waitlist", { count: waiting })}</span>` : nothing}`;
  }

  // The activities whose details are open: their text is only built then.
  private opened = new Set<string>();

  private toggle(name: string, open: boolean): void {
    if (open !== this.opened.has(name)) {
      if (open) {
        this.opened.add(name);
      } else {
        this.opened.delete(name);
      }
      this.requestUpdate();
    }
  }

  private card(activity: Activity, mine = false): TemplateResult {
    const sessions = activity.sessions ?? [];
    const first = sessions[0];
    return html`
      <li class="card activity-card ${mine ? "mine" : ""}">
        <h3>${activity.title}</h3>
        <p class="muted">${kindLabel(activity.kind)}${activity.hours ? html` · ${t("activity.hours", { hours: number(activity.hours, 2) })}` : nothing}</p>
        ${first ? html`<p class="activity-when">${sessionWhen(first, dayLong, civilDate)}${sessions.length > 1
          ? html` <span class="muted">(${plural("activity.sessions", sessions.length)})</span>` : nothing}</p>
          ${sessionWhere(first) ? html`<p class="activity-where">${sessionWhere(first)}</p>` : nothing}` : nothing}
        <p class="row">${this.places(activity)}</p>
        ${activity.themes?.length ? html`<ul class="tags" aria-label=${t("activities.theme")}>${activity.themes.map((theme) => html`<li>${theme}</li>`)}</ul>` : nothing}
        <details @toggle=${(event: Event) => this.toggle(activity.name, (event.target as HTMLDetailsElement).open)}>
          <summary>${t("activities.details")}</summary>
          ${this.opened.has(activity.name) ? html`
          ${activity.description ? html`<p>${activity.description}</p>` : nothing}
          <p>${t("activities.for", { who: activity.audiences?.length ? activity.audiences.map(audienceLabel).join(", ") : t("audience.everyone") })}</p>
          <h4>${t("activities.sessions")}</h4>
          <ul class="plain-list">${sessions.map((session) => html`<li>${session.title ? html`<strong>${session.title}</strong><br>` : nothing}
            ${sessionWhen(session, dayLong, civilDate)}${sessionWhere(session) ? html`<br><span class="muted">${sessionWhere(session)}${session.room ? ` · ${session.room}` : ""}</span>` : nothing}</li>`)}</ul>` : nothing}
        </details>
        <div class="activity-actions">${this.actions(activity, mine)}</div>
      </li>`;
  }

  private searchForm(): TemplateResult {
    const f = this.filters;
    const themes = [...new Set(this.activities.flatMap((each) => each.themes ?? []))].sort();
    const filtering = Boolean(f.theme || f.from || f.until || f.onlyFree);
    return html`
      <form class="card filters" role="search" aria-labelledby="activities-search" @submit=${this.search}>
        <h3 id="activities-search" class="visually-hidden">${t("activities.search")}</h3>
        <label for="activities-query">${t("activities.query")}</label>
        <div class="search-row">
          <input id="activities-query" name="query" type="search" .value=${f.query} autocomplete="off">
          <button type="submit" class="button-primary">${t("activities.filter")}</button>
        </div>
        <details ?open=${filtering}>
          <summary>${t("activities.moreFilters")}</summary>
          <div class="filters-grid">
            <div><label for="activities-theme">${t("activities.theme")}</label>
              <input id="activities-theme" name="theme" list="activities-themes" .value=${f.theme} autocomplete="off">
              <datalist id="activities-themes">${themes.map((theme) => html`<option value=${theme}></option>`)}</datalist></div>
            <div><label for="activities-from">${t("activities.from")}</label>
              <input id="activities-from" name="from" type="date" .value=${f.from}></div>
            <div><label for="activities-until">${t("activities.until")}</label>
              <input id="activities-until" name="until" type="date" .value=${f.until}></div>
          </div>
          <label class="check"><input type="checkbox" name="onlyFree" .checked=${f.onlyFree}>${t("activities.onlyFree")}</label>
        </details>
        ${f.query || filtering ? html`<button type="button" class="button-secondary" @click=${this.clear}>${t("activities.clear")}</button>` : nothing}
      </form>`;
  }

  render(): TemplateResult {
    const audiences = this.audiences;
    const offered = this.activities.filter((each) => this.mine.has(each.name) || meantFor(each, audiences));
    if (!this.loaded) {
      // Everything at once when it is there: nothing jumps down while reading.
      return html`${this.header()}<p>${t("activities.intro")}</p>${loading()}`;
    }
    return html`
      ${this.header()}
      <p>${t("activities.intro")}</p>
      <div aria-live="polite">${this.message ? successNotice(this.message) : nothing}</div>
      <section aria-labelledby="activities-mine">
        <h2 id="activities-mine">${t("activities.mine")}</h2>
        ${this.mineActivities.length === 0
          ? html`<p class="muted">${t("activities.mineEmpty")}</p>`
          : html`<ul class="activity-list">${this.mineActivities.map((each) => this.card(each, true))}</ul>`}
      </section>
      <section aria-labelledby="activities-offer">
        <h2 id="activities-offer">${t("activities.offer")}</h2>
        ${this.searchForm()}
        ${html`<p class="muted" role="status">${plural(this.nextPage ? "activities.countFirst" : "activities.count", offered.length)}</p>`}
        ${offered.length === 0 ? html`<p class="empty">${t("activities.none")}</p>` : nothing}
        <ul class="activity-list">${offered.map((each) => this.card(each))}</ul>
        ${this.nextPage ? html`<button type="button" class="button-secondary button-wide" ?disabled=${this.busy} @click=${this.more}>${t("activities.more")}</button>` : nothing}
      </section>
    `;
  }
}

customElements.define("samen-activities", ActivitiesScreen);
