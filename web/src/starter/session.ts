// "/gesprekken/:booking": one coaching session — when, where, with whom;
// moving it to another free time (not inside the cancellation notice);
// cancelling it with a reason, saying beforehand whether the cancellation will
// count as late (then the session counts against this year's sessions), and
// afterwards that it did; and the private notes only the starter and the
// coach can read.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, get, RequestKeys } from "../core/api.js";
import { dayAndTime, dayLong, isoDay, timeRange } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, successNotice } from "../core/ui.js";
import { StarterScreen } from "./screen.js";
import {
  type Booking, coachName, lateFrom, loadProgramme, loadStarter, noticeHours, place, type Programme, type Slot, starterOf, stateBadge,
} from "./data.js";
import "./slots.js";

defineMessages({
  nl: {
    "session.title": "Coachingsgesprek",
    "session.back": "Terug naar Vandaag",
    "session.move": "Verzetten",
    "session.moveTitle": "Verzetten naar een andere tijd",
    "session.moveNone": "Je coach heeft de komende weken geen andere vrije tijden.",
    "session.moveConfirm": "Gesprek verzetten?",
    "session.moveFrom": "Was",
    "session.moveTo": "Wordt",
    "session.moveDo": "Verzetten",
    "session.moveBack": "Andere tijd kiezen",
    "session.moved": "Verzet naar {when}.",
    "session.cancel": "Annuleren",
    "session.cancelTitle": "Gesprek annuleren",
    "session.lateWarning": "Dit telt als een late annulering: het gesprek gaat van je tegoed af.",
    "session.lateWhy": "Het gesprek begint binnen {hours} uur. Zo laat annuleren telt mee voor de gesprekken van dit jaar, alsof het gesprek is gehouden.",
    "session.inTime": "Je annuleert op tijd: het gesprek gaat niet van je tegoed af.",
    "session.inTimeUntil": "Dat kan tot {when}; daarna telt annuleren als laat.",
    "session.reason": "Waarom annuleer je?",
    "session.reasonHint": "Je coach leest dit.",
    "session.reasonMissing": "Schrijf kort waarom je annuleert.",
    "session.cancelDo": "Gesprek annuleren",
    "session.cancelKeep": "Niet annuleren",
    "session.cancelled": "Het gesprek is geannuleerd.",
    "session.cancelledLate": "Dit was een late annulering: het gesprek telt mee voor je tegoed van dit jaar.",
    "session.cancelledInTime": "Op tijd geannuleerd: het telt niet mee voor je tegoed.",
    "session.cancelledReason": "Reden: {reason}",
    "session.tooLate": "Verzetten kan niet meer: het gesprek begint binnen {hours} uur.",
    "session.notes": "Notities",
    "session.notesPrivate": "Alleen jij en je coach kunnen deze notities lezen. Je school en HR zien ze nooit.",
    "session.notesNone": "Nog geen notities bij dit gesprek.",
    "session.noteNew": "Nieuwe notitie",
    "session.noteSave": "Notitie opslaan",
    "session.noteSaved": "Notitie opgeslagen.",
    "session.noteMissing": "Schrijf eerst je notitie.",
    "session.you": "Jij",
  },
  en: {
    "session.title": "Coaching session",
    "session.back": "Back to Today",
    "session.move": "Move",
    "session.moveTitle": "Move to another time",
    "session.moveNone": "Your coach has no other free times in the coming weeks.",
    "session.moveConfirm": "Move this session?",
    "session.moveFrom": "Was",
    "session.moveTo": "Becomes",
    "session.moveDo": "Move",
    "session.moveBack": "Pick another time",
    "session.moved": "Moved to {when}.",
    "session.cancel": "Cancel",
    "session.cancelTitle": "Cancel the session",
    "session.lateWarning": "This counts as a late cancellation: the session comes off your allowance.",
    "session.lateWhy": "The session starts within {hours} hours. Cancelling this late counts towards this year's sessions, as if it had been held.",
    "session.inTime": "You are cancelling in time: the session does not come off your allowance.",
    "session.inTimeUntil": "That is possible until {when}; after that, cancelling counts as late.",
    "session.reason": "Why are you cancelling?",
    "session.reasonHint": "Your coach reads this.",
    "session.reasonMissing": "Write briefly why you are cancelling.",
    "session.cancelDo": "Cancel the session",
    "session.cancelKeep": "Keep the session",
    "session.cancelled": "The session has been cancelled.",
    "session.cancelledLate": "This was a late cancellation: the session counts towards this year's allowance.",
    "session.cancelledInTime": "Cancelled in time: it does not count towards your allowance.",
    "session.cancelledReason": "Reason: {reason}",
    "session.tooLate": "It is too late to move: the session starts within {hours} hours.",
    "session.notes": "Notes",
    "session.notesPrivate": "Only you and your coach can read these notes. Your school and HR never see them.",
    "session.notesNone": "No notes for this session yet.",
    "session.noteNew": "New note",
    "session.noteSave": "Save note",
    "session.noteSaved": "Note saved.",
    "session.noteMissing": "Write your note first.",
    "session.you": "You",
  },
});

interface Note {
  name: string;
  author?: string;
  text: string;
  createTime?: string;
}

type Mode = "" | "move" | "cancel";

export class SessionScreen extends StarterScreen {
  // The idempotency key of the note being written.
  private readonly noteKeys = new RequestKeys();

  static properties = {
    ...StarterScreen.properties,
    booking: { state: true },
    programme: { state: true },
    coach: { state: true },
    notes: { state: true },
    mode: { state: true },
    slots: { state: true },
    target: { state: true },
    done: { state: true },
    reasonError: { state: true },
    noteError: { state: true },
  };

  declare booking: Booking | null;
  declare programme: Programme | null;
  declare coach: string;
  declare notes: Note[] | null;
  declare mode: Mode;
  declare slots: Slot[] | null;
  declare target: Slot | null;
  declare done: string;
  declare reasonError: string;
  declare noteError: string;

  constructor() {
    super();
    this.booking = null;
    this.programme = null;
    this.coach = "";
    this.notes = null;
    this.mode = "";
    this.slots = null;
    this.target = null;
    this.done = "";
    this.reasonError = "";
    this.noteError = "";
  }

  get heading(): string {
    return t("session.title");
  }

  private get path(): string {
    return `/v1/${starterOf(this.session)}/bookings/${encodeURIComponent(this.params.booking ?? "")}`;
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const [booking, starter] = await Promise.all([get<Booking>(this.path), loadStarter(this.session)]);
      this.booking = booking;
      this.programme = this.note(await loadProgramme(this.note(starter)));
      this.coach = await coachName(booking.coach);
      await this.loadNotes();
    });
  }

  private async loadNotes(): Promise<void> {
    const answer = await get<{ notes?: Note[] }>(`${this.path}/notes`);
    this.notes = answer.notes ?? [];
  }

  // Whether a starter's cancellation now would count as late.
  private late(now = new Date()): boolean {
    return this.booking !== null && now >= lateFrom(this.booking, this.programme);
  }

  private open(): boolean {
    const booking = this.booking;
    return booking !== null && (booking.state ?? "CONFIRMED") === "CONFIRMED" && new Date(booking.startTime) > new Date();
  }

  private async show(mode: Mode): Promise<void> {
    this.mode = this.mode === mode ? "" : mode;
    this.done = "";
    this.failure = null;
    if (this.mode === "move" && !this.late()) {
      await this.loadSlots().catch(() => undefined);
    }
    await this.updateComplete;
    (this.querySelector(".session-panel h2") as HTMLElement | null)?.focus();
  }

  private async loadSlots(): Promise<void> {
    const booking = this.booking!;
    const end = isoDay(new Date(Date.now() + 42 * 86400000));
    const answer = await get<{ slots?: Slot[] }>(`/v1/${starterOf(this.session)}/openSlots`, { coach: booking.coach, endDate: end });
    this.slots = answer.slots ?? [];
  }

  private async pick(slot: Slot): Promise<void> {
    this.target = slot;
    await this.updateComplete;
    const dialog = this.querySelector("dialog.confirm") as HTMLDialogElement | null;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
  }

  private async move(): Promise<void> {
    const slot = this.target;
    const booking = this.booking;
    if (!slot || !booking) {
      return;
    }
    const moved = await this.run(async () => {
      try {
        return await call<Booking>("POST", `${this.path}:reschedule`, { startTime: slot.startTime, etag: booking.etag });
      } catch (error) {
        if (error instanceof ApiError && ["SLOT_TAKEN", "DAY_FULL", "STARTER_BUSY", "MINIMUM_NOTICE"].includes(error.reason)) {
          await this.loadSlots().catch(() => undefined);
        }
        throw error;
      }
    });
    (this.querySelector("dialog.confirm") as HTMLDialogElement | null)?.close();
    this.target = null;
    if (moved) {
      this.booking = moved;
      this.mode = "";
      this.done = t("session.moved", { when: `${dayLong(moved.startTime)}, ${timeRange(moved.startTime, moved.endTime)}` });
    }
    await this.focusResult();
  }

  private async cancel(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    if (!reason) {
      this.reasonError = t("session.reasonMissing");
      await this.updateComplete;
      (this.querySelector("#cancel-reason") as HTMLElement | null)?.focus();
      return;
    }
    this.reasonError = "";
    const booking = this.booking!;
    const cancelled = await this.run(() => call<Booking>("POST", `${this.path}:cancel`, { reason, etag: booking.etag }));
    if (cancelled) {
      this.booking = cancelled;
      this.mode = "";
      this.done = t("session.cancelled");
    }
    await this.focusResult();
  }

  private async addNote(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get("text") ?? "").trim();
    if (!text) {
      this.noteError = t("session.noteMissing");
      await this.updateComplete;
      (this.querySelector("#note-text") as HTMLElement | null)?.focus();
      return;
    }
    this.noteError = "";
    // A retry of the same text (the answer lost on the school's Wi-Fi) writes
    // the note once; the button is disabled while it runs.
    const note = await this.run(() => call<Note>("POST", `${this.path}/notes`, { text }, { idempotencyKey: this.noteKeys.for(text) }));
    if (note) {
      this.noteKeys.done();
      form.reset();
      this.notes = [...(this.notes ?? []), note];
      this.done = t("session.noteSaved");
      await this.focusResult();
    }
  }

  private async focusResult(): Promise<void> {
    await this.updateComplete;
    const result = this.querySelector(".session-result, .notice-error") as HTMLElement | null;
    result?.scrollIntoView({ block: "center" });
    result?.focus();
  }

  private details(booking: Booking): TemplateResult {
    const cancelled = booking.state === "CANCELLED";
    return html`
      <section class="card ${cancelled ? "" : "card-highlight"}" aria-labelledby="session-when">
        <div class="row-between"><h2 id="session-when">${dayLong(booking.startTime)}</h2>${stateBadge(booking)}</div>
        <dl class="facts">
          <dt>${t("starter.when")}</dt><dd>${timeRange(booking.startTime, booking.endTime)}</dd>
          <dt>${t("starter.place")}</dt><dd>${place(booking)}</dd>
          <dt>${t("starter.coach")}</dt><dd>${this.coach}</dd>
        </dl>
        ${cancelled
          ? html`<div class="notice ${booking.lateCancellation ? "notice-warning" : "notice-info"} late-result">
              <p class="notice-title">${booking.lateCancellation ? t("session.cancelledLate") : t("session.cancelledInTime")}</p>
              ${booking.cancelReason ? html`<p>${t("session.cancelledReason", { reason: booking.cancelReason })}</p>` : nothing}
            </div>`
          : nothing}
        ${this.open()
          ? html`<div class="row session-actions">
              <button type="button" class="button-secondary" aria-expanded=${this.mode === "move" ? "true" : "false"} aria-controls="session-panel"
                @click=${() => this.show("move")}>${t("session.move")}</button>
              <button type="button" class="button-danger" aria-expanded=${this.mode === "cancel" ? "true" : "false"} aria-controls="session-panel"
                @click=${() => this.show("cancel")}>${t("session.cancel")}</button>
            </div>`
          : nothing}
      </section>
    `;
  }

  private movePanel(booking: Booking): TemplateResult {
    const hours = noticeHours(this.programme);
    return html`
      <section class="card session-panel" id="session-panel" aria-labelledby="move-title">
        <h2 id="move-title" tabindex="-1">${t("session.moveTitle")}</h2>
        ${this.late()
          ? html`<div class="notice notice-warning"><p class="notice-title">${t("session.tooLate", { hours })}</p>
              <p>${t("error.TOO_LATE_TO_RESCHEDULE.next")}</p></div>`
          : this.slots === null
            ? loading()
            : this.slots.length === 0
              ? html`<p>${t("session.moveNone")}</p>`
              : html`<samen-slot-picker .slots=${this.slots} level="3" @pick=${(e: CustomEvent<Slot>) => this.pick(e.detail)}></samen-slot-picker>`}
      </section>
      <dialog class="confirm" aria-labelledby="move-confirm-title" @close=${() => (this.target = null)}>
        ${this.target ? html`
          <h2 id="move-confirm-title">${t("session.moveConfirm")}</h2>
          <dl class="facts">
            <dt>${t("session.moveFrom")}</dt><dd><s>${dayLong(booking.startTime)}, ${timeRange(booking.startTime, booking.endTime)}</s></dd>
            <dt>${t("session.moveTo")}</dt><dd>${dayLong(this.target.startTime)}<br>${timeRange(this.target.startTime, this.target.endTime)}</dd>
            <dt>${t("starter.place")}</dt><dd>${place(this.target)}</dd>
          </dl>
          <div class="dialog-actions">
            <button type="button" class="button-primary button-wide" ?disabled=${this.busy} @click=${() => this.move()}>${t("session.moveDo")}</button>
            <button type="button" class="button-secondary button-wide"
              @click=${() => (this.querySelector("dialog.confirm") as HTMLDialogElement).close()}>${t("session.moveBack")}</button>
          </div>` : nothing}
      </dialog>
    `;
  }

  private cancelPanel(booking: Booking): TemplateResult {
    const late = this.late();
    return html`
      <section class="card session-panel" id="session-panel" aria-labelledby="cancel-title">
        <h2 id="cancel-title" tabindex="-1">${t("session.cancelTitle")}</h2>
        ${late
          ? html`<div class="notice notice-warning late-warning">
              <p class="notice-title">${t("session.lateWarning")}</p>
              <p>${t("session.lateWhy", { hours: noticeHours(this.programme) })}</p></div>`
          : html`<div class="notice notice-info">
              <p class="notice-title">${t("session.inTime")}</p>
              <p>${t("session.inTimeUntil", { when: dayAndTime(lateFrom(booking, this.programme)) })}</p></div>`}
        <form novalidate @submit=${(e: Event) => this.cancel(e)}>
          <label for="cancel-reason">${t("session.reason")}</label>
          <p class="hint" id="cancel-reason-hint">${t("session.reasonHint")}</p>
          <textarea id="cancel-reason" name="reason" maxlength="500" required
            aria-describedby="cancel-reason-hint${this.reasonError ? " cancel-reason-error" : ""}"
            aria-invalid=${this.reasonError ? "true" : "false"}></textarea>
          ${this.reasonError ? html`<p class="field-error" id="cancel-reason-error">${this.reasonError}</p>` : nothing}
          <div class="dialog-actions">
            <button type="submit" class="button-danger button-wide" ?disabled=${this.busy}>${t("session.cancelDo")}</button>
            <button type="button" class="button-secondary button-wide" @click=${() => this.show("cancel")}>${t("session.cancelKeep")}</button>
          </div>
        </form>
      </section>
    `;
  }

  private notesSection(): TemplateResult {
    const notes = this.notes;
    const me = this.session.person;
    return html`
      <section class="card" aria-labelledby="notes-title">
        <h2 id="notes-title"><span class="lock-icon" aria-hidden="true"></span>${t("session.notes")}</h2>
        <p class="private-label">${t("session.notesPrivate")}</p>
        ${notes === null
          ? nothing
          : notes.length === 0
            ? html`<p class="muted">${t("session.notesNone")}</p>`
            : html`<ul class="plain-list notes">${notes.map((note) => html`<li>
                <p class="note-meta"><strong>${note.author === me ? t("session.you") : this.coach}</strong>
                  ${note.createTime ? html`<span class="muted"> · ${dayAndTime(note.createTime)}</span>` : nothing}</p>
                <p class="note-text">${note.text}</p></li>`)}</ul>`}
        <form novalidate @submit=${(e: Event) => this.addNote(e)}>
          <label for="note-text">${t("session.noteNew")}</label>
          <textarea id="note-text" name="text" maxlength="10000" aria-invalid=${this.noteError ? "true" : "false"}
            aria-describedby=${this.noteError ? "note-error" : nothing}></textarea>
          ${this.noteError ? html`<p class="field-error" id="note-error">${this.noteError}</p>` : nothing}
          <p><button type="submit" class="button-primary" ?disabled=${this.busy}>${t("session.noteSave")}</button></p>
        </form>
      </section>
    `;
  }

  render(): TemplateResult {
    const booking = this.booking;
    return html`
      <p class="back-link"><a href="/">${t("session.back")}</a></p>
      ${this.header()}
      ${this.done ? html`<div class="session-result" tabindex="-1">${successNotice(this.done)}</div>` : nothing}
      ${booking === null
        ? (this.busy ? loading() : nothing)
        : html`${this.details(booking)}
          ${this.mode === "move" && this.open() ? this.movePanel(booking) : nothing}
          ${this.mode === "cancel" && this.open() ? this.cancelPanel(booking) : nothing}
          ${this.notesSection()}`}
    `;
  }
}

customElements.define("samen-starter-session", SessionScreen);
