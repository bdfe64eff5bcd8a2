// "Boeken": the coach's free times by day; a time, then one "Boeken" in the
// confirmation, and the session is booked. A refusal says why and what next;
// when someone else was quicker (SLOT_TAKEN) the free times are fetched again.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, get, newRequestKey } from "../core/api.js";
import { dayLong, isoDay, timeRange } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, successNotice } from "../core/ui.js";
import { StarterScreen } from "./screen.js";
import {
  type Booking, coachNames, idOf, loadProgramme, loadStarter, loadUsage, place, type Slot, starterOf, type Usage,
} from "./data.js";
import "./slots.js";

defineMessages({
  nl: {
    "book.title": "Gesprek boeken",
    "book.intro": "Kies een dag en een tijd. Je boekt een coachingsgesprek van {minutes} minuten.",
    "book.introPlain": "Kies een dag en een tijd voor een coachingsgesprek.",
    "book.left": "Je hebt dit jaar nog {left} van {quota} gesprekken.",
    "book.none": "Je hebt alle {quota} gesprekken van dit jaar gebruikt.",
    "book.confirm": "Gesprek boeken?",
    "book.confirmWith": "Met {coach}",
    "book.do": "Boeken",
    "book.back": "Andere tijd kiezen",
    "book.done": "Geboekt: {when} met {coach}.",
    "book.see": "Bekijk het gesprek",
    "book.home": "Naar Vandaag",
    "book.notice": "Je kunt een gesprek tot {hours} uur van tevoren kosteloos verzetten of annuleren.",
  },
  en: {
    "book.title": "Book a session",
    "book.intro": "Pick a day and a time. You book a coaching session of {minutes} minutes.",
    "book.introPlain": "Pick a day and a time for a coaching session.",
    "book.left": "You have {left} of {quota} sessions left this year.",
    "book.none": "You have used all {quota} sessions of this year.",
    "book.confirm": "Book this session?",
    "book.confirmWith": "With {coach}",
    "book.do": "Book",
    "book.back": "Pick another time",
    "book.done": "Booked: {when} with {coach}.",
    "book.see": "View the session",
    "book.home": "Go to Today",
    "book.notice": "You can move or cancel a session free of charge until {hours} hours before it starts.",
  },
});

export class BookScreen extends StarterScreen {
  static properties = {
    ...StarterScreen.properties,
    slots: { state: true },
    names: { state: true },
    chosen: { state: true },
    booked: { state: true },
    usage: { state: true },
    notice: { state: true },
  };

  declare slots: Slot[] | null;
  declare names: Record<string, string>;
  declare chosen: Slot | null;
  declare booked: Booking | null;
  declare usage: Usage | null;
  declare notice: number;

  private requestKey = newRequestKey();

  constructor() {
    super();
    this.slots = null;
    this.names = {};
    this.chosen = null;
    this.booked = null;
    this.usage = null;
    this.notice = 24;
  }

  get heading(): string {
    return t("book.title");
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      await Promise.all([this.loadSlots(), this.refreshUsage()]);
    });
  }

  private async loadSlots(): Promise<void> {
    const end = isoDay(new Date(Date.now() + 42 * 86400000));
    const answer = await get<{ slots?: Slot[] }>(`/v1/${starterOf(this.session)}/openSlots`, { endDate: end });
    this.slots = answer.slots ?? [];
    this.names = await coachNames(this.slots.map((slot) => slot.coach));
  }

  // Sessions left this year; only a hint here, so a failure is not shown.
  private async refreshUsage(): Promise<void> {
    try {
      const [starterFetched, usage] = await Promise.all([loadStarter(this.session), loadUsage(this.session).catch(() => null)]);
      const starter = this.note(starterFetched);
      const p = this.note(await loadProgramme(starter));
      this.usage = usage ? this.note(usage) : null;
      this.notice = Math.round((Number.parseFloat(p.bookingPolicy?.cancellationNotice ?? "") || 86400) / 3600);
    } catch {
      this.usage = null;
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.querySelector("dialog.confirm");
  }

  private async pick(slot: Slot): Promise<void> {
    this.chosen = slot;
    this.booked = null;
    this.failure = null;
    this.requestKey = newRequestKey();
    await this.updateComplete;
    const dialog = this.dialog();
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
  }

  private close(): void {
    this.dialog()?.close();
  }

  private async book(): Promise<void> {
    const slot = this.chosen;
    if (!slot) {
      return;
    }
    const booking = await this.run(async () => {
      try {
        return await call<Booking>("POST", `/v1/${starterOf(this.session)}/bookings`,
          { coach: slot.coach, startTime: slot.startTime }, { idempotencyKey: this.requestKey });
      } catch (error) {
        if (error instanceof ApiError && ["SLOT_TAKEN", "DAY_FULL", "STARTER_BUSY", "MINIMUM_NOTICE"].includes(error.reason)) {
          // The free times changed: show the current ones under the explanation.
          await this.loadSlots().catch(() => undefined);
        }
        throw error;
      }
    });
    this.close();
    this.chosen = null;
    if (booking) {
      // The free times and the sessions left as they are now, shown together
      // with the confirmation.
      await Promise.all([this.loadSlots().catch(() => undefined), this.refreshUsage()]);
      this.booked = booking;
    }
    await this.updateComplete;
    (this.querySelector(".notice-success, .notice-error") as HTMLElement | null)?.scrollIntoView({ block: "center" });
    (this.querySelector(".book-result") as HTMLElement | null)?.focus();
  }

  private result(): TemplateResult | typeof nothing {
    const booked = this.booked;
    if (!booked) {
      return nothing;
    }
    const when = `${dayLong(booked.startTime)}, ${timeRange(booked.startTime, booked.endTime)}`;
    return html`<div class="book-result" tabindex="-1">
      ${successNotice(t("book.done", { when, coach: this.names[booked.coach] ?? t("starter.yourCoach") }))}
      <p class="row"><a class="button-primary" href="/gesprekken/${idOf(booked.name)}">${t("book.see")}</a>
        <a class="button-secondary" href="/">${t("book.home")}</a></p>
    </div>`;
  }

  private confirmation(): TemplateResult {
    const slot = this.chosen;
    return html`<dialog class="confirm" aria-labelledby="book-confirm-title" @close=${() => (this.chosen = null)}>
      ${slot ? html`
        <h2 id="book-confirm-title">${t("book.confirm")}</h2>
        <dl class="facts">
          <dt>${t("starter.when")}</dt><dd>${dayLong(slot.startTime)}<br>${timeRange(slot.startTime, slot.endTime)}</dd>
          <dt>${t("starter.place")}</dt><dd>${place(slot)}</dd>
          <dt>${t("starter.coach")}</dt><dd>${this.names[slot.coach] ?? t("starter.yourCoach")}</dd>
        </dl>
        <p class="hint">${t("book.notice", { hours: this.notice })}</p>
        <div class="dialog-actions">
          <button type="button" class="button-primary button-wide" ?disabled=${this.busy} @click=${() => this.book()}>${t("book.do")}</button>
          <button type="button" class="button-secondary button-wide" @click=${() => this.close()}>${t("book.back")}</button>
        </div>` : nothing}
    </dialog>`;
  }

  render(): TemplateResult {
    const usage = this.usage;
    const minutes = this.slots?.length ? Math.round((new Date(this.slots[0].endTime).getTime() - new Date(this.slots[0].startTime).getTime()) / 60000) : 0;
    return html`
      ${this.header()}
      ${this.result()}
      ${usage && usage.quota > 0
        ? usage.left > 0
          ? html`<p class="lead-small">${t("book.left", { left: usage.left, quota: usage.quota })}</p>`
          : html`<div class="notice notice-warning" role="status"><p class="notice-title">${t("book.none", { quota: usage.quota })}</p><p>${t("error.QUOTA_EXHAUSTED.next")}</p></div>`
        : nothing}
      ${this.slots === null
        ? (this.busy ? loading() : nothing)
        : html`<p class="hint">${minutes ? t("book.intro", { minutes }) : t("book.introPlain")}</p>
          <samen-slot-picker .slots=${this.slots} .names=${this.names} level="2"
            @pick=${(event: CustomEvent<Slot>) => this.pick(event.detail)}></samen-slot-picker>`}
      ${this.confirmation()}
    `;
  }
}

customElements.define("samen-starter-book", BookScreen);
