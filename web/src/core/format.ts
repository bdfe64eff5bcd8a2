// Dates and times as a Dutch teacher reads them: in Europe/Amsterdam (also
// when the phone is abroad), Dutch day and month names, 24-hour clock.

import { localeTag } from "./i18n.js";

export const timeZone = "Europe/Amsterdam";

// Making a formatter costs far more than using one: one per locale and kind.
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(options: Intl.DateTimeFormatOptions, value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const key = `${localeTag()} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(localeTag(), { timeZone, ...options });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

// "dinsdag 8 december"
export function dayLong(value: Date | string): string {
  return format({ weekday: "long", day: "numeric", month: "long" }, value);
}

// "di 8 dec."
export function dayShort(value: Date | string): string {
  return format({ weekday: "short", day: "numeric", month: "short" }, value);
}

// "8 december 2026"
export function dateLong(value: Date | string): string {
  return format({ day: "numeric", month: "long", year: "numeric" }, value);
}

// "08:30"
export function time(value: Date | string): string {
  return format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, value);
}

// "08:30–09:15"
export function timeRange(start: Date | string, end: Date | string): string {
  return `${time(start)}–${time(end)}`;
}

// "dinsdag 8 december, 08:30"
export function dayAndTime(value: Date | string): string {
  return `${dayLong(value)}, ${time(value)}`;
}

// The calendar day in Amsterdam as "2026-12-08" (for grouping and for the
// API's date fields).
const isoDayFormatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });

export function isoDay(value: Date | string): string {
  return isoDayFormatter.format(typeof value === "string" ? new Date(value) : value);
}

// A civil date "2026-12-08" (no time zone) as "8 december 2026".
export function civilDate(value: string): string {
  const [y, m, d] = value.split("-").map(Number);
  return format({ day: "numeric", month: "long", year: "numeric" },
    new Date(Date.UTC(y, m - 1, d, 12)));
}

// Hours as "1,5 uur"-style numbers.
export function number(value: number, digits = 1): string {
  return new Intl.NumberFormat(localeTag(), { maximumFractionDigits: digits }).format(value);
}

export function isToday(value: Date | string): boolean {
  return isoDay(value) === isoDay(new Date());
}
