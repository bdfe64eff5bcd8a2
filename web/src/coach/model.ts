// What the coach's screens share: the Induction API's calendar resources as
// the app reads them (proto3 JSON), their words, and week arithmetic on
// Amsterdam calendar days.

import { defineMessages, localeTag, t } from "../core/i18n.js";
import { isoDay, timeZone } from "../core/format.js";
import type { EntryState } from "../core/resources.js";

export type { Booking, CalendarEvent, EntryState } from "../core/resources.js";

export interface Starter {
  name: string;
  person: string;
  displayName: string;
  school: string;
  board?: string;
  programme: string;
  kind?: string;
  startDate: string;
  subjects?: string[];
  currentYear?: number;
  status?: string;
  coaches?: string[];
}

defineMessages({
  nl: {
    "coach.state.CONFIRMED": "Gepland",
    "coach.state.CANCELLED": "Geannuleerd",
    "coach.state.HELD": "Gehouden",
    "coach.state.NO_SHOW": "Niet verschenen",
    "coach.kind.BOOKING": "Coachingsgesprek",
    "coach.kind.LESSON_VISIT": "Lesbezoek",
    "coach.kind.INTERVISION": "Intervisie",
    "coach.online": "Online",
    "coach.unknownStarter": "Starter",
    "coach.back": "Terug naar de week",
    "coach.when": "Wanneer",
    "coach.where": "Waar",
    "coach.status": "Status",
  },
  en: {
    "coach.state.CONFIRMED": "Planned",
    "coach.state.CANCELLED": "Cancelled",
    "coach.state.HELD": "Held",
    "coach.state.NO_SHOW": "Did not show up",
    "coach.kind.BOOKING": "Coaching session",
    "coach.kind.LESSON_VISIT": "Lesson visit",
    "coach.kind.INTERVISION": "Intervision",
    "coach.online": "Online",
    "coach.unknownStarter": "Starter",
    "coach.back": "Back to the week",
    "coach.when": "When",
    "coach.where": "Where",
    "coach.status": "Status",
  },
});

// "starters/starter-noor/bookings/b1" -> ["starter-noor", "b1"].
export function bookingIds(name: string): { starter: string; booking: string } {
  const parts = name.split("/");
  return { starter: parts[1] ?? "", booking: parts[3] ?? "" };
}

// The last part of a resource name: "events/e1" -> "e1".
export function lastPart(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export function stateLabel(state: EntryState): string {
  return t(`coach.state.${state}`);
}

export function stateBadge(state: EntryState): string {
  switch (state) {
    case "HELD":
      return "badge badge-success";
    case "NO_SHOW":
      return "badge badge-error";
    case "CANCELLED":
      return "badge badge-warning";
    default:
      return "badge";
  }
}

// Starter display names by `starters/{id}`, falling back to the id.
export function starterName(names: Map<string, string>, starter: string): string {
  return names.get(starter) ?? (lastPart(starter) || t("coach.unknownStarter"));
}

// --- Calendar days in Amsterdam ("2026-12-07") ---

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split("-").map(Number);
  return [y, m, d];
}

export function today(): string {
  return isoDay(new Date());
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// The Monday of the week `day` is in.
export function mondayOf(day: string): string {
  const [y, m, d] = parts(day);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

export function isDay(text: string | null): text is string {
  return text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));
}

// The instant the Amsterdam calendar day starts, e.g. "2026-12-07" ->
// 2026-12-06T23:00:00Z.
export function startOfDay(day: string): Date {
  const [y, m, d] = parts(day);
  const guess = Date.UTC(y, m - 1, d);
  const shown = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(guess));
  const get = (type: string) => Number(shown.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return new Date(guess - (wall - guess));
}

// A civil day as a Date at noon UTC, for the date formatters.
export function noonOf(day: string): Date {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

// The ISO 8601 week number of `day` (Dutch schools plan by it: "week 50").
export function isoWeek(day: string): number {
  const [y, m, d] = parts(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3); // that week's Thursday
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return 1 + Math.floor((date.getTime() - yearStart) / (7 * 86400000));
}

// "7 dec." for a civil day.
export function dayMonth(day: string): string {
  return new Intl.DateTimeFormat(localeTag(), { timeZone: "UTC", day: "numeric", month: "short" }).format(noonOf(day));
}
