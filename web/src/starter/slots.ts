// <samen-slot-picker>: a coach's open times, a row of day chips and under it
// the times of the chosen day as buttons. Tapping a time fires `pick` with the
// slot; the screen around it asks for confirmation. Used to book and to move.

import { html, LitElement, nothing, type TemplateResult } from "lit";
import { dayLong, dayShort, isoDay, time, timeRange } from "../core/format.js";
import { defineMessages, onLocaleChange, plural, t } from "../core/i18n.js";
import type { Slot } from "./data.js";

defineMessages({
  nl: {
    "slots.days": "Kies een dag",
    "slots.none": "Je coach heeft de komende weken geen vrije tijden. Kijk later nog eens, of vraag je coach om een moment.",
    "slots.count.one": "{count} vrije tijd",
    "slots.count.other": "{count} vrije tijden",
    "slots.timeLabel": "{day}, {time}",
  },
  en: {
    "slots.days": "Pick a day",
    "slots.none": "Your coach has no free times in the coming weeks. Look again later, or ask your coach for a time.",
    "slots.count.one": "{count} free time",
    "slots.count.other": "{count} free times",
    "slots.timeLabel": "{day}, {time}",
  },
});

export class SlotPicker extends LitElement {
  static properties = {
    slots: { attribute: false },
    names: { attribute: false },
    level: { type: Number },
    day: { state: true },
  };

  declare slots: Slot[];
  // Coach names by person, shown when there is more than one coach.
  declare names: Record<string, string>;
  // The heading level of the chosen day (2 on its own page, 3 inside a section).
  declare level: number;
  declare day: string;

  constructor() {
    super();
    this.slots = [];
    this.names = {};
    this.level = 2;
    this.day = "";
  }

  private stopListening: (() => void) | null = null;

  protected createRenderRoot(): HTMLElement {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.stopListening = onLocaleChange(() => this.requestUpdate());
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  private days(): Map<string, Slot[]> {
    const byDay = new Map<string, Slot[]>();
    for (const slot of this.slots) {
      const day = isoDay(slot.startTime);
      byDay.set(day, [...(byDay.get(day) ?? []), slot]);
    }
    return byDay;
  }

  private pick(slot: Slot): void {
    this.dispatchEvent(new CustomEvent<Slot>("pick", { detail: slot, bubbles: true }));
  }

  private choose(day: string): void {
    this.day = day;
    void this.updateComplete.then(() => (this.querySelector(".slot-day") as HTMLElement | null)?.focus({ preventScroll: false }));
  }

  render(): TemplateResult {
    const days = this.days();
    if (days.size === 0) {
      return html`<p class="empty">${t("slots.none")}</p>`;
    }
    const chosen = days.has(this.day) ? this.day : [...days.keys()][0];
    const slots = days.get(chosen) ?? [];
    const coaches = new Set(this.slots.map((slot) => slot.coach));
    const heading = dayLong(slots[0].startTime);
    return html`
      <div class="chips day-chips" role="group" aria-label=${t("slots.days")}>
        ${[...days.entries()].map(([day, list]) => html`<button type="button" class="chip" aria-pressed=${day === chosen ? "true" : "false"}
          @click=${() => this.choose(day)}>${dayShort(list[0].startTime)}<span class="chip-count">${plural("slots.count", list.length)}</span></button>`)}
      </div>
      ${this.level === 3
        ? html`<h3 class="slot-day" tabindex="-1">${heading}</h3>`
        : html`<h2 class="slot-day" tabindex="-1">${heading}</h2>`}
      <div class="slots">
        ${slots.map((slot) => html`<button type="button" class="button-secondary slot"
          aria-label=${t("slots.timeLabel", { day: heading, time: timeRange(slot.startTime, slot.endTime) })}
          @click=${() => this.pick(slot)}>${time(slot.startTime)}${coaches.size > 1
            ? html`<span class="slot-coach">${this.names[slot.coach] ?? ""}</span>` : nothing}</button>`)}
      </div>
    `;
  }
}

if (!customElements.get("samen-slot-picker")) {
  customElements.define("samen-slot-picker", SlotPicker);
}
