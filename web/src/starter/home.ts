// "Vandaag": the starter's start page — today, the next coaching session
// (day, time, place or online link, coach), this programme year's sessions
// used and left, what the programme holds this year, and the way to the rest.
// Everything comes from the starter's own record, programme and bookings at
// stable addresses, so the service worker can show it offline ("Offline —
// laatst bijgewerkt …").

import { html, nothing, type TemplateResult } from "lit";
import { dayLong, timeRange, isToday } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { loading } from "../core/ui.js";
import { StarterScreen } from "./screen.js";
import {
  type Booking, type CalendarEvent, coachNames, idOf, isUpcoming, loadBookings, loadEvents, loadProgramme, loadStarter, loadUsage, place, type Programme, type ProgrammeYear,
  type Starter, type Usage, yearOf,
} from "./data.js";

defineMessages({
  nl: {
    "home.title": "Vandaag",
    "home.greeting": "Hallo {name}",
    "home.today": "Vandaag, {day}",
    "home.todayNothing": "Vandaag staat er geen gesprek gepland.",
    "home.todaySession": "Vandaag om {time}: coachingsgesprek met {coach}.",
    "home.next": "Je volgende gesprek",
    "home.nextNone": "Je hebt nog geen gesprek gepland.",
    "home.open": "Details, verzetten of annuleren",
    "home.openLabel": "Details van het gesprek van {when}",
    "home.bookNow": "Gesprek boeken",
    "home.later": "Daarna gepland",
    "home.events": "Lesbezoeken en intervisie",
    "home.event.LESSON_VISIT": "Lesbezoek",
    "home.event.INTERVISION": "Intervisie",
    "home.usage": "Coachingsgesprekken in jaar {year}",
    "home.usageText": "{used} van {quota} gebruikt — nog {left} over",
    "home.usageHeld": "{held} gehouden.",
    "home.usageLabel": "Gesprekken gebruikt",
    "home.programme": "Je programma dit jaar",
    "home.programmeYear": "{programme}, jaar {year} van {years}",
    "home.coaching.one": "{count} coachingsgesprek",
    "home.coaching.other": "{count} coachingsgesprekken",
    "home.visits.one": "{count} lesbezoek met feedback",
    "home.visits.other": "{count} lesbezoeken met feedback",
    "home.intervision.one": "{count} intervisiebijeenkomst",
    "home.intervision.other": "{count} intervisiebijeenkomsten",
    "home.arrangements": "Leerarrangementen",
    "home.training": "Scholingspalet",
    "home.more": "Snel naar",
    "home.link.book": "Een gesprek boeken",
    "home.link.calendar": "Je gesprekken in de agenda van je telefoon",
    "home.link.access": "Wie heeft mijn gegevens ingezien?",
    "home.link.vacancies": "Vacatures voor jou",
  },
  en: {
    "home.title": "Today",
    "home.greeting": "Hello {name}",
    "home.today": "Today, {day}",
    "home.todayNothing": "No session planned for today.",
    "home.todaySession": "Today at {time}: coaching session with {coach}.",
    "home.next": "Your next session",
    "home.nextNone": "You have no session planned yet.",
    "home.open": "Details, move or cancel",
    "home.openLabel": "Details of the session on {when}",
    "home.bookNow": "Book a session",
    "home.later": "Planned after that",
    "home.events": "Lesson visits and intervision",
    "home.event.LESSON_VISIT": "Lesson visit",
    "home.event.INTERVISION": "Intervision",
    "home.usage": "Coaching sessions in year {year}",
    "home.usageText": "{used} of {quota} used — {left} left",
    "home.usageHeld": "{held} held.",
    "home.usageLabel": "Sessions used",
    "home.programme": "Your programme this year",
    "home.programmeYear": "{programme}, year {year} of {years}",
    "home.coaching.one": "{count} coaching session",
    "home.coaching.other": "{count} coaching sessions",
    "home.visits.one": "{count} lesson visit with feedback",
    "home.visits.other": "{count} lesson visits with feedback",
    "home.intervision.one": "{count} intervision meeting",
    "home.intervision.other": "{count} intervision meetings",
    "home.arrangements": "Learning arrangements",
    "home.training": "Training palette",
    "home.more": "Go to",
    "home.link.book": "Book a session",
    "home.link.calendar": "Your sessions in your phone's calendar",
    "home.link.access": "Who has looked at my record?",
    "home.link.vacancies": "Vacancies for you",
  },
});

export class HomeScreen extends StarterScreen {
  static properties = {
    ...StarterScreen.properties,
    starter: { state: true },
    programme: { state: true },
    bookings: { state: true },
    events: { state: true },
    names: { state: true },
    counted: { state: true },
  };

  declare starter: Starter | null;
  declare programme: Programme | null;
  declare bookings: Booking[] | null;
  // Coming lesson visits and intervision meetings.
  declare events: CalendarEvent[];
  declare names: Record<string, string>;
  // This year's sessions as the server counts them; null: count the bookings.
  declare counted: Usage | null;

  constructor() {
    super();
    this.starter = null;
    this.programme = null;
    this.bookings = null;
    this.events = [];
    this.names = {};
    this.counted = null;
  }

  get heading(): string {
    return t("home.title");
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const [starter, bookings, usage, events] = await Promise.all([
        loadStarter(this.session), loadBookings(this.session), loadUsage(this.session).catch(() => null),
        loadEvents().catch(() => null)]);
      const record = this.note(starter);
      const list = this.note(bookings).bookings ?? [];
      const [programme, names] = await Promise.all([loadProgramme(record), coachNames(list.map((b) => b.coach))]);
      // Everything at once: one render, so nothing on the screen jumps as
      // the parts arrive (a phone user may be about to tap).
      this.counted = usage ? this.note(usage) : null;
      this.programme = this.note(programme);
      this.names = names;
      const now = Date.now();
      this.events = (events ? this.note(events).events ?? [] : [])
        .filter((e) => e.state === "CONFIRMED" && Date.parse(e.endTime) > now)
        .sort((a, b) => a.startTime.localeCompare(b.startTime));
      this.starter = record;
      this.bookings = list;
    });
  }

  private coach(booking: Booking): string {
    return this.names[booking.coach] ?? t("starter.yourCoach");
  }

  private today(upcoming: Booking[]): TemplateResult {
    const todays = upcoming.filter((b) => isToday(b.startTime));
    return html`<p class="today-line">${todays.length === 0
      ? t("home.todayNothing")
      : todays.map((b) => html`<span class="today-item">${t("home.todaySession", { time: timeRange(b.startTime, b.endTime), coach: this.coach(b) })}</span> `)}</p>`;
  }

  private next(upcoming: Booking[]): TemplateResult {
    const next = upcoming[0];
    if (!next) {
      return html`<section class="card card-highlight next-session" aria-labelledby="next-title">
        <h2 id="next-title">${t("home.next")}</h2>
        <p>${t("home.nextNone")}</p>
        <p><a class="button-primary button-wide" href="/boeken">${t("home.bookNow")}</a></p>
      </section>`;
    }
    const when = dayLong(next.startTime);
    return html`<section class="card card-highlight next-session" aria-labelledby="next-title">
      <h2 id="next-title">${t("home.next")}</h2>
      <p class="next-day">${when}</p>
      <p class="next-time">${timeRange(next.startTime, next.endTime)}</p>
      <dl class="facts">
        <dt>${t("starter.place")}</dt><dd>${place(next)}</dd>
        <dt>${t("starter.coach")}</dt><dd>${this.coach(next)}</dd>
      </dl>
      <p><a class="button-secondary button-wide" href="/gesprekken/${idOf(next.name)}"
        aria-label=${t("home.openLabel", { when: `${when}, ${timeRange(next.startTime, next.endTime)}` })}>${t("home.open")}</a></p>
    </section>
    ${upcoming.length > 1
      ? html`<section class="card" aria-labelledby="later-title"><h2 id="later-title">${t("home.later")}</h2>
          <ul class="plain-list later">${upcoming.slice(1).map((b) => html`<li><a class="list-link" href="/gesprekken/${idOf(b.name)}">
            <span>${dayLong(b.startTime)}</span><span class="muted">${timeRange(b.startTime, b.endTime)}</span></a></li>`)}</ul></section>`
      : nothing}`;
  }

  private meetings(): TemplateResult | typeof nothing {
    if (this.events.length === 0) {
      return nothing;
    }
    return html`<section class="card" aria-labelledby="events-title"><h2 id="events-title">${t("home.events")}</h2>
      <ul class="plain-list">${this.events.slice(0, 3).map((e) => html`<li>
        <strong>${t(`home.event.${e.kind}`)}</strong>${e.title ? html` — ${e.title}` : nothing}<br>
        <span>${dayLong(e.startTime)}, ${timeRange(e.startTime, e.endTime)}</span>
        ${e.location ? html`<br><span class="muted">${e.location}</span>` : nothing}</li>`)}</ul></section>`;
  }

  private usage(usage: Usage): TemplateResult {
    return html`<section class="card" aria-labelledby="usage-title">
      <h2 id="usage-title">${t("home.usage", { year: usage.year })}</h2>
      <p class="usage-text">${t("home.usageText", usage as unknown as Record<string, number>)}</p>
      <meter class="usage-meter" min="0" max=${Math.max(usage.quota, 1)} value=${Math.min(usage.used, usage.quota)} aria-label=${t("home.usageLabel")}>${usage.used}/${usage.quota}</meter>
      ${usage.held > 0 ? html`<p class="hint">${t("home.usageHeld", { held: usage.held })}</p>` : nothing}
    </section>`;
  }

  private components(programme: Programme, starter: Starter, year: ProgrammeYear | undefined): TemplateResult {
    return html`<section class="card" aria-labelledby="programme-title">
      <h2 id="programme-title">${t("home.programme")}</h2>
      <p class="muted">${t("home.programmeYear", { programme: programme.displayName ?? "", year: starter.currentYear || 1, years: programme.durationYears || 1 })}</p>
      ${year ? html`
        <ul class="components">
          ${year.coachingSessions ? html`<li>${plural("home.coaching", year.coachingSessions)}</li>` : nothing}
          ${year.lessonVisits ? html`<li>${plural("home.visits", year.lessonVisits)}</li>` : nothing}
          ${year.intervisionMeetings ? html`<li>${plural("home.intervision", year.intervisionMeetings)}</li>` : nothing}
        </ul>
        ${year.learningArrangements?.length ? html`<h3>${t("home.arrangements")}</h3>
          <ul class="components">${year.learningArrangements.map((each) => html`<li>${each}</li>`)}</ul>` : nothing}
        ${year.trainingItems?.length ? html`<h3>${t("home.training")}</h3>
          <ul class="components">${year.trainingItems.map((each) => html`<li>${each}</li>`)}</ul>` : nothing}` : nothing}
    </section>`;
  }

  private links(): TemplateResult {
    const links: [string, string, string][] = [
      ["/boeken", "home.link.book", "plus"],
      ["/agenda", "home.link.calendar", "calendar"],
      ["/inzage", "home.link.access", "eye"],
      ["/vacatures", "home.link.vacancies", "briefcase"],
    ];
    return html`<nav class="card quick-links" aria-labelledby="more-title">
      <h2 id="more-title">${t("home.more")}</h2>
      <ul class="plain-list">${links.map(([href, key, icon]) => html`<li><a class="list-link" href=${href}>
        <span class="nav-icon nav-icon-${icon}" aria-hidden="true"></span><span>${t(key)}</span></a></li>`)}</ul>
    </nav>`;
  }

  render(): TemplateResult {
    const { starter, programme, bookings } = this;
    const now = new Date();
    const upcoming = (bookings ?? []).filter((b) => isUpcoming(b, now)).sort((a, b) => a.startTime.localeCompare(b.startTime));
    const name = (starter?.displayName ?? this.session.displayName).replace(/\s*\(.*$/, "").split(" ")[0];
    return html`
      ${this.header()}
      <p class="greeting">${t("home.greeting", { name })} — ${t("home.today", { day: dayLong(now) })}</p>
      ${bookings === null ? (this.busy ? loading() : nothing) : html`${this.today(upcoming)}${this.next(upcoming)}${this.meetings()}
        ${this.counted ? this.usage(this.counted) : nothing}
        ${starter && programme ? this.components(programme, starter, yearOf(programme, starter)) : nothing}
        ${this.links()}`}
    `;
  }
}

customElements.define("samen-starter-home", HomeScreen);
