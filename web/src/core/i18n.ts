// Dutch first, English selectable. Every feature module registers its own
// messages (`defineMessages`) next to its screens, so a screen and its words
// change together. Missing English falls back to Dutch; a missing key shows
// the key itself (and a console warning), never a blank.

export type Locale = "nl" | "en";
export type Messages = Record<string, string>;

const catalogue: Record<Locale, Messages> = { nl: {}, en: {} };
const storageKey = "samen.locale";
let current: Locale = initialLocale();
const listeners = new Set<() => void>();

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === "nl" || stored === "en") {
      return stored;
    }
  } catch {
    // Storage can be blocked; Dutch it is.
  }
  return "nl";
}

export function defineMessages(messages: { nl: Messages; en: Messages }): void {
  Object.assign(catalogue.nl, messages.nl);
  Object.assign(catalogue.en, messages.en);
}

export function locale(): Locale {
  return current;
}

// BCP 47 tag for Intl and <html lang>.
export function localeTag(): string {
  return current === "nl" ? "nl-NL" : "en-GB";
}

export function setLocale(next: Locale): void {
  if (next === current) {
    return;
  }
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Not remembered; still switched for this visit.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) {
    listener();
  }
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasMessage(key: string): boolean {
  return key in catalogue.nl;
}

// The message `key` with `{name}` placeholders filled from `params`.
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogue[current][key] ?? catalogue.nl[key];
  if (text === undefined) {
    console.warn(`samen: no message for ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

// "1 sessie" / "3 sessies": `key.one` and `key.other`, with {count}.
export function plural(key: string, count: number, params: Record<string, string | number> = {}): string {
  return t(count === 1 ? `${key}.one` : `${key}.other`, { ...params, count });
}
