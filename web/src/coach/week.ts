// "De week" (/coach): this week's and next week's coaching sessions of the
// coach's starters, lesson visits and intervision, by day, with week
// navigation (?week=YYYY-MM-DD, the Monday). Each item opens its page.

import { html, nothing, type TemplateResult } from "lit";
import { getAll } from "../core/api.js";
import { dayLong, timeRange } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen } from "../core/ui.js";
import {
  addDays, bookingIds, dayMonth, isDay, isoWeek, lastPart, mondayOf, noonOf, starterName, startOfDay, stateBadge, stateLabel, today,
  type Booking, type CalendarEvent, type Starter,
} from "./model.js";

defineMessages({
  nl: {
    "coach.week.title": "De week",
    "coach.week.number": "Week {week}",
    "coach.week.thisWeek": "deze week",
    "coach.week.nextWeek": "volgende week",
    "coach.week.previous": "Vorige week",
    "coach.week.next": "Volgende week",
    "coach.week.today": "Naar vandaag",
    "coach.week.weekNav": "Weken",
    "coach.week.empty": "Geen afspraken in deze week.",
    "coach.week.count.one": "{count} afspraak",
    "coach.week.count.other": "{count} afspraken",
    "coach.week.with": "met {names}",
    "coach.week.todayMark": "vandaag",
  },
  en: {
    "coach.week.title": "The week",
    "coach.week.number": "Week {week}",
    "coach.week.thisWeek": "this week",
    "coach.week.nextWeek": "next week",
    "coach.week.previous": "Previous week",
    "coach.week.next": "Next week",
    "coach.week.today": "Go to today",
    "coach.week.weekNav": "Weeks",
    "coach.week.empty": "Nothing planned this week.",
    "coach.week.count.one": "{count} appointment",
    "coach.week.count.other": "{count} appointments",
    "coach.week.with": "with {names}",
    "coach.week.todayMark": "today",
  },
});

// One line in the week: a booking or an event.
interface Item {
  start: string;
  end: string;
  day: string;
  kind: "BOOKING" | "LESSON_VISIT" | "INTERVISION";
  title: string;
  who: string[];
  location: string;
  state: Booking["state"];
  href: string;
}

export class CoachWeekScreen extends Screen {
  static properties = { ...Screen.properties, items: { state: true }, loaded: { state: true } };

  declare items: Item[];
  declare loaded: boolean;

  constructor() {
    super();
    this.items = [];
    this.loaded = false;
  }

  get heading(): string {
    return t("coach.week.title");
  }

  // The Monday of the first week shown.
  private get monday(): string {
    const asked = new URLSearchParams(location.search).get("week");
    return mondayOf(isDay(asked) ? asked : today());
  }

  protected async refresh(): Promise<void> {
    const me = `people/${personId(this.session)}`;
    const from = startOfDay(this.monday).toISOString();
    const to = startOfDay(addDays(this.monday, 14)).toISOString();
    await this.run(async () => {
      const [bookings, events, starters] = await Promise.all([
        getAll<Booking>("/v1/starters/-/bookings", "bookings", { coach: me, startTime: from, endTime: to }),
        getAll<CalendarEvent>("/v1/events", "events", { startTime: from, endTime: to }),
        getAll<Starter>("/v1/starters", "starters", { coach: me }),
      ]);
      const names = new Map(starters.map((s) => [s.name, s.displayName]));
      const items: Item[] = [
        ...bookings.map((b): Item => {
          const ids = bookingIds(b.name);
          const starter = `starters/${ids.starter}`;
          return {
            start: b.startTime, end: b.endTime, day: "", kind: "BOOKING", title: t("coach.kind.BOOKING"),
            who: [starterName(names, starter)], location: b.location || (b.onlineLink ? t("coach.online") : ""),
            state: b.state, href: `/coach/gesprekken/${encodeURIComponent(ids.starter)}/${encodeURIComponent(ids.booking)}`,
          };
        }),
        ...events.filter((e) => e.coach === me).map((e): Item => ({
          start: e.startTime, end: e.endTime, day: "", kind: e.kind, title: e.title || t(`coach.kind.${e.kind}`),
          who: (e.starters ?? []).map((s) => starterName(names, s)), location: e.location ?? "",
          state: e.state, href: `/coach/bijeenkomsten/${encodeURIComponent(lastPart(e.name))}`,
        })),
      ];
      for (const item of items) {
        item.day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date(item.start));
      }
      items.sort((a, b) => a.start.localeCompare(b.start));
      this.items = items;
      this.loaded = true;
    });
  }

  private week(monday: string, which: string): TemplateResult {
    const sunday = addDays(monday, 6);
    const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const inWeek = this.items.filter((item) => item.day >= monday && item.day <= sunday);
    const headingId = `week-${monday}`;
    return html`
      <section class="coach-week" aria-labelledby=${headingId}>
        <h2 id=${headingId}>${t("coach.week.number", { week: isoWeek(monday) })}
          <span class="coach-week-range">${dayMonth(monday)} – ${dayMonth(sunday)}</span>
          ${which ? html`<span class="badge">${which}</span>` : nothing}</h2>
        ${inWeek.length === 0 ? html`<p class="card coach-empty">${t("coach.week.empty")}</p>`
          : html`<p class="muted">${plural("coach.week.count", inWeek.length)}</p>`}
        ${days.map((day) => {
          const list = inWeek.filter((item) => item.day === day);
          if (list.length === 0) {
            return nothing;
          }
          return html`
            <h3 class="coach-day">${dayLong(noonOf(day))}${day === today() ? html` <span class="badge">${t("coach.week.todayMark")}</span>` : nothing}</h3>
            <ul class="plain-list coach-items">
              ${list.map((item) => this.item(item))}
            </ul>`;
        })}
      </section>
    `;
  }

  private item(item: Item): TemplateResult {
    return html`<li>
      <a class="coach-item coach-item-${item.kind.toLowerCase()} ${item.state === "CANCELLED" ? "coach-item-cancelled" : ""}" href=${item.href}>
        <span class="coach-item-time">${timeRange(item.start, item.end)}</span>
        <span class="coach-item-main">
          <span class="coach-item-title">${item.title}</span>
          <span class="coach-item-who">${item.who.length ? t("coach.week.with", { names: item.who.join(", ") }) : nothing}</span>
          ${item.location ? html`<span class="coach-item-where muted">${item.location}</span>` : nothing}
          ${item.state !== "CONFIRMED" ? html`<span><span class=${stateBadge(item.state)}>${stateLabel(item.state)}</span></span>` : nothing}
        </span>
      </a>
    </li>`;
  }

  render(): TemplateResult {
    const monday = this.monday;
    const current = mondayOf(today());
    const label = (m: string) => (m === current ? t("coach.week.thisWeek") : m === addDays(current, 7) ? t("coach.week.nextWeek") : "");
    return html`
      ${this.header()}
      <nav class="coach-week-nav row" aria-label=${t("coach.week.weekNav")}>
        <a class="button-secondary" href=${`/coach?week=${addDays(monday, -7)}`}><span aria-hidden="true">←</span> ${t("coach.week.previous")}</a>
        ${monday !== current ? html`<a class="button-secondary coach-week-today" href="/coach">${t("coach.week.today")}</a>` : nothing}
        <a class="button-secondary" href=${`/coach?week=${addDays(monday, 7)}`}>${t("coach.week.next")} <span aria-hidden="true">→</span></a>
      </nav>
      ${!this.loaded && this.busy ? loading() : nothing}
      ${this.loaded ? html`${this.week(monday, label(monday))}${this.week(addDays(monday, 7), label(addDays(monday, 7)))}` : nothing}
    `;
  }
}

customElements.define("samen-coach-week", CoachWeekScreen);
