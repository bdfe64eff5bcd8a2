// What the starter's screens share: the shapes of the Induction API's answers
// (proto3 JSON: lowerCamelCase, defaults left out), the starter's own record,
// programme and bookings (kept by the service worker for offline reading:
// stable URLs, no "now" in them), the year's quota, the late-cancellation
// boundary, the coach's name, and how a session's place is shown.

import { html, nothing, type TemplateResult } from "lit";
import { get, type Fetched, getJson } from "../core/api.js";
import { defineMessages, t } from "../core/i18n.js";
import type { Booking, CalendarEvent, CoachingUsage } from "../core/resources.js";
import { personId, type Session } from "../core/session.js";

defineMessages({
  nl: {
    "starter.state.CONFIRMED": "Gepland",
    "starter.state.CANCELLED": "Geannuleerd",
    "starter.state.HELD": "Gehouden",
    "starter.state.NO_SHOW": "Niet verschenen",
    "starter.online": "Online meedoen",
    "starter.yourCoach": "je coach",
    "starter.withCoach": "met {coach}",
    "starter.place": "Waar",
    "starter.when": "Wanneer",
    "starter.coach": "Coach",
  },
  en: {
    "starter.state.CONFIRMED": "Planned",
    "starter.state.CANCELLED": "Cancelled",
    "starter.state.HELD": "Held",
    "starter.state.NO_SHOW": "Did not attend",
    "starter.online": "Join online",
    "starter.yourCoach": "your coach",
    "starter.withCoach": "with {coach}",
    "starter.place": "Where",
    "starter.when": "When",
    "starter.coach": "Coach",
  },
});

export type { Booking, CalendarEvent, EntryState } from "../core/resources.js";

export interface Starter {
  name: string;
  person: string;
  displayName?: string;
  school?: string;
  programme: string;
  kind?: string;
  startDate?: string;
  subjects?: string[];
  currentYear?: number;
  status?: string;
  coaches?: string[];
}

export interface ProgrammeYear {
  year?: number;
  coachingSessions?: number;
  lessonVisits?: number;
  intervisionMeetings?: number;
  learningArrangements?: string[];
  trainingItems?: string[];
}

export interface Programme {
  name: string;
  displayName?: string;
  durationYears?: number;
  description?: string;
  years?: ProgrammeYear[];
  variants?: { kind?: string; years?: ProgrammeYear[] }[];
  bookingPolicy?: { minimumNotice?: string; bookingHorizon?: string; cancellationNotice?: string };
}


export interface Slot {
  coach: string;
  startTime: string;
  endTime: string;
  location?: string;
  onlineLink?: string;
}

export interface Usage {
  year: number;
  quota: number;
  used: number;
  held: number;
  left: number;
}

// "starters/starter-noor": a starter's id is their person id.
export function starterOf(session: Session): string {
  return `starters/${personId(session)}`;
}

// The last part of a resource name: "starters/s/bookings/b" -> "b".
export function idOf(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export function loadStarter(session: Session): Promise<Fetched<Starter>> {
  return getJson<Starter>(`/v1/${starterOf(session)}`);
}

export function loadProgramme(starter: Starter): Promise<Fetched<Programme>> {
  return getJson<Programme>(`/v1/${starter.programme}`);
}

// All of the starter's bookings (a starter has a few dozen at most), by start.
export function loadBookings(session: Session): Promise<Fetched<{ bookings?: Booking[] }>> {
  return getJson<{ bookings?: Booking[] }>(`/v1/${starterOf(session)}/bookings`, { pageSize: 100 });
}

// The starter's lesson visits and intervision meetings, all of them (a stable
// address, so the service worker can keep it for offline reading).
export function loadEvents(): Promise<Fetched<{ events?: CalendarEvent[] }>> {
  return getJson<{ events?: CalendarEvent[] }>("/v1/events", { pageSize: 100 });
}

// A proto3 JSON Duration ("86400s") in milliseconds; `fallback` seconds when unset or 0.
export function durationMs(value: string | undefined, fallbackSeconds: number): number {
  const seconds = value ? Number.parseFloat(value) : 0;
  return (seconds > 0 ? seconds : fallbackSeconds) * 1000;
}

// This year of the programme for this starter: the variant for their kind when
// the programme tailors that year, else the programme's own.
export function yearOf(programme: Programme, starter: Starter): ProgrammeYear | undefined {
  const year = starter.currentYear || 1;
  const variant = programme.variants?.find((each) => each.kind === starter.kind);
  return variant?.years?.find((each) => (each.year || 0) === year) ?? programme.years?.find((each) => (each.year || 0) === year);
}

// From when a starter's cancellation of `booking` counts as late: the server's
// boundary when it gives one, else the start minus the programme's
// cancellation notice (24 hours when not set), the rule the server applies.
export function lateFrom(booking: Booking, programme: Programme | null): Date {
  if (booking.lateCancellationTime) {
    return new Date(booking.lateCancellationTime);
  }
  const notice = durationMs(programme?.bookingPolicy?.cancellationNotice, 86400);
  return new Date(new Date(booking.startTime).getTime() - notice);
}

// The cancellation notice in whole hours, for sentences ("24 uur").
export function noticeHours(programme: Programme | null): number {
  return Math.round(durationMs(programme?.bookingPolicy?.cancellationNotice, 86400) / 3600000);
}

// This programme year's coaching sessions as the server counts them (the
// count HR tracking uses): GET /v1/starters/{s}/coachingUsage.
export async function loadUsage(session: Session): Promise<Fetched<Usage>> {
  const { data, cachedAt } = await getJson<CoachingUsage>(`/v1/${starterOf(session)}/coachingUsage`);
  return {
    data: {
      year: data.programmeYear || 1,
      quota: data.sessionsQuota ?? 0,
      used: data.sessionsUsed ?? 0,
      held: data.sessionsHeld ?? 0,
      left: data.sessionsLeft ?? 0,
    },
    cachedAt,
  };
}

export function isUpcoming(booking: Booking, now = new Date()): boolean {
  return (booking.state ?? "CONFIRMED") === "CONFIRMED" && new Date(booking.endTime) > now;
}

// Coaches' names from the directory; a name that cannot be had (offline, not
// visible) is "je coach" rather than a failure.
const names = new Map<string, Promise<string>>();

export function coachName(person: string): Promise<string> {
  let name = names.get(person);
  if (!name) {
    name = get<{ displayName?: string }>(`/v1/${person}`)
      .then((p) => p.displayName || t("starter.yourCoach"))
      .catch(() => {
        names.delete(person);
        return t("starter.yourCoach");
      });
    names.set(person, name);
  }
  return name;
}

export async function coachNames(people: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(people)];
  const found = await Promise.all(unique.map((person) => coachName(person)));
  return Object.fromEntries(unique.map((person, i) => [person, found[i]]));
}

// Only https links are shown as links (an online link is the coach's text).
export function safeLink(url: string | undefined): string | undefined {
  return url && /^https:\/\//i.test(url) ? url : undefined;
}

// Where a session takes place: the room, and the online link when there is one.
export function place(entry: { location?: string; onlineLink?: string }): TemplateResult {
  const link = safeLink(entry.onlineLink);
  return html`${entry.location ?? ""}${entry.location && link ? html`<br>` : nothing}${link
    ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${t("starter.online")}</a>`
    : nothing}`;
}

export function stateBadge(booking: Booking): TemplateResult {
  const state = booking.state ?? "CONFIRMED";
  const tone = state === "CANCELLED" || state === "NO_SHOW" ? "badge-warning" : state === "HELD" ? "badge-success" : "";
  return html`<span class="badge ${tone}">${t(`starter.state.${state}`)}</span>`;
}
