// One coaching session (/coach/gesprekken/:starter/:booking): who, when,
// where; recording that it was held or that the starter did not show up
// (only once it has started); and the session's notes, which only the coach
// and the starter can read.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, get, RequestKeys } from "../core/api.js";
import { dayAndTime, dayLong, timeRange } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import { stateBadge, stateLabel, type Booking, type EntryState, type Starter } from "./model.js";

defineMessages({
  nl: {
    "coach.session.title": "Coachingsgesprek",
    "coach.session.onlineLink": "Online meedoen",
    "coach.session.attendance": "Aanwezigheid",
    "coach.session.held": "Gehouden",
    "coach.session.noShow": "Niet verschenen",
    "coach.session.notYet": "Of het gesprek gehouden is, kun je vastleggen zodra het begonnen is ({when}).",
    "coach.session.tooEarly": "Dit gesprek is nog niet begonnen.",
    "coach.session.tooEarly.next": "Je kunt vastleggen of het gehouden is zodra het begonnen is. Probeer het dan opnieuw.",
    "coach.session.cancelled": "Dit gesprek is geannuleerd; er valt niets meer vast te leggen.",
    "coach.session.cancelledLate": "Het is laat geannuleerd en telt mee in het aantal gesprekken van dit jaar.",
    "coach.session.reason": "Reden: {reason}",
    "coach.session.recorded.HELD": "Vastgelegd: het gesprek is gehouden.",
    "coach.session.recorded.NO_SHOW": "Vastgelegd: {name} is niet verschenen.",
    "coach.session.change": "Klopt het niet? Kies het andere.",
    "coach.session.notes": "Notities",
    "coach.session.private": "Alleen jij en {name} kunnen deze notities lezen. HR en de school zien ze niet.",
    "coach.session.noNotes": "Nog geen notities bij dit gesprek.",
    "coach.session.you": "Jij",
    "coach.session.newNote": "Nieuwe notitie",
    "coach.session.saveNote": "Notitie opslaan",
    "coach.session.noteSaved": "Je notitie is opgeslagen.",
    "coach.session.noteEmpty": "Schrijf eerst iets in de notitie.",
  },
  en: {
    "coach.session.title": "Coaching session",
    "coach.session.onlineLink": "Join online",
    "coach.session.attendance": "Attendance",
    "coach.session.held": "Held",
    "coach.session.noShow": "Did not show up",
    "coach.session.notYet": "You can record whether the session was held once it has started ({when}).",
    "coach.session.tooEarly": "This session has not started yet.",
    "coach.session.tooEarly.next": "You can record whether it was held once it has started. Try again then.",
    "coach.session.cancelled": "This session was cancelled; there is nothing to record.",
    "coach.session.cancelledLate": "It was cancelled late and counts towards this year's sessions.",
    "coach.session.reason": "Reason: {reason}",
    "coach.session.recorded.HELD": "Recorded: the session was held.",
    "coach.session.recorded.NO_SHOW": "Recorded: {name} did not show up.",
    "coach.session.change": "Not right? Choose the other one.",
    "coach.session.notes": "Notes",
    "coach.session.private": "Only you and {name} can read these notes. HR and the school cannot.",
    "coach.session.noNotes": "No notes for this session yet.",
    "coach.session.you": "You",
    "coach.session.newNote": "New note",
    "coach.session.saveNote": "Save note",
    "coach.session.noteSaved": "Your note has been saved.",
    "coach.session.noteEmpty": "Write something in the note first.",
  },
});

interface Note {
  name: string;
  author: string;
  text: string;
  createTime: string;
}

export class CoachSessionScreen extends Screen {
  // The idempotency key of the note being written.
  private readonly noteKeys = new RequestKeys();

  static properties = {
    ...Screen.properties,
    booking: { state: true },
    starter: { state: true },
    notes: { state: true },
    done: { state: true },
    noteError: { state: true },
  };

  declare booking: Booking | null;
  declare starter: Starter | null;
  declare notes: Note[];
  // What the last action achieved, announced.
  declare done: string;
  declare noteError: string;

  constructor() {
    super();
    this.booking = null;
    this.starter = null;
    this.notes = [];
    this.done = "";
    this.noteError = "";
  }

  get heading(): string {
    return t("coach.session.title");
  }

  private get path(): string {
    return `/v1/starters/${encodeURIComponent(this.params.starter)}/bookings/${encodeURIComponent(this.params.booking)}`;
  }

  private get starterName(): string {
    return this.starter?.displayName ?? this.params.starter;
  }

  // The error behind `failure`, for refusals this screen words itself.
  private lastError: unknown = null;

  protected async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.lastError = null;
    return super.run(async () => {
      try {
        return await work();
      } catch (error) {
        this.lastError = error;
        throw error;
      }
    });
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const [booking, starter, notes] = await Promise.all([
        get<Booking>(this.path),
        get<Starter>(`/v1/starters/${encodeURIComponent(this.params.starter)}`).catch(() => null),
        get<{ notes?: Note[] }>(`${this.path}/notes`),
      ]);
      this.booking = booking;
      this.starter = starter;
      this.notes = notes.notes ?? [];
    });
  }

  private async record(state: EntryState): Promise<void> {
    this.done = "";
    const booking = await this.run(() => call<Booking>("POST", `${this.path}:recordAttendance`, { state }));
    if (this.failure && this.lastError instanceof ApiError && this.lastError.reason === "FAILED_PRECONDITION" && this.booking?.state !== "CANCELLED") {
      // The server's clock says the session has not started yet (this phone's runs ahead).
      this.failure = { message: t("coach.session.tooEarly"), next: t("coach.session.tooEarly.next"), details: [], retryAfter: 0 };
    }
    await this.showFailure();
    if (booking) {
      this.booking = booking;
      this.done = t(`coach.session.recorded.${state}`, { name: this.starterName });
    }
  }

  private async saveNote(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = form.elements.namedItem("text") as HTMLTextAreaElement;
    this.done = "";
    if (!field.value.trim()) {
      this.noteError = t("coach.session.noteEmpty");
      field.focus();
      return;
    }
    this.noteError = "";
    const text = field.value;
    const note = await this.run(() =>
      call<Note>("POST", `${this.path}/notes`, { text }, { idempotencyKey: this.noteKeys.for(text) }),
    );
    await this.showFailure();
    if (note) {
      this.noteKeys.done();
      this.notes = [...this.notes, note];
      form.reset();
      this.done = t("coach.session.noteSaved");
    }
  }

  // A refusal is shown at the top of the screen: bring it into view.
  private async showFailure(): Promise<void> {
    if (this.failure) {
      await this.updateComplete;
      this.querySelector(".notice-error")?.scrollIntoView({ block: "center" });
    }
  }

  private attendance(booking: Booking): TemplateResult {
    if (booking.state === "CANCELLED") {
      return html`
        <p>${t("coach.session.cancelled")}</p>
        ${booking.lateCancellation ? html`<p>${t("coach.session.cancelledLate")}</p>` : nothing}
        ${booking.cancelReason ? html`<p class="muted">${t("coach.session.reason", { reason: booking.cancelReason })}</p>` : nothing}`;
    }
    if (Date.parse(booking.startTime) > Date.now()) {
      return html`<p class="hint">${t("coach.session.notYet", { when: dayAndTime(booking.startTime) })}</p>`;
    }
    const recorded = booking.state === "HELD" || booking.state === "NO_SHOW";
    return html`
      <div class="row coach-attendance">
        <button type="button" class="button-primary" aria-pressed=${booking.state === "HELD"} ?disabled=${this.busy}
          @click=${() => this.record("HELD")}>${t("coach.session.held")}</button>
        <button type="button" class="button-secondary" aria-pressed=${booking.state === "NO_SHOW"} ?disabled=${this.busy}
          @click=${() => this.record("NO_SHOW")}>${t("coach.session.noShow")}</button>
      </div>
      ${recorded ? html`<p class="hint">${t("coach.session.change")}</p>` : nothing}`;
  }

  private noteList(): TemplateResult {
    const me = `people/${personId(this.session)}`;
    if (this.notes.length === 0) {
      return html`<p class="muted">${t("coach.session.noNotes")}</p>`;
    }
    return html`<ul class="plain-list coach-notes">
      ${this.notes.map((note) => html`<li>
        <p class="coach-note-meta"><strong>${note.author === me ? t("coach.session.you") : this.starterName}</strong>
          <span class="muted">${dayAndTime(note.createTime)}</span></p>
        <p class="coach-note-text">${note.text}</p>
      </li>`)}
    </ul>`;
  }

  render(): TemplateResult {
    const booking = this.booking;
    return html`
      <p class="coach-back"><a href="/coach">${t("coach.back")}</a></p>
      ${this.header()}
      ${!booking && this.busy ? loading() : nothing}
      ${booking ? html`
        <section class="card" aria-labelledby="session-who">
          <h2 id="session-who">${this.starterName}</h2>
          <dl class="coach-facts">
            <div><dt>${t("coach.when")}</dt><dd>${dayLong(booking.startTime)}, ${timeRange(booking.startTime, booking.endTime)}</dd></div>
            <div><dt>${t("coach.where")}</dt><dd>${booking.location || "—"}
              ${booking.onlineLink ? html`<br><a href=${booking.onlineLink} rel="noopener" target="_blank">${t("coach.session.onlineLink")}</a>` : nothing}</dd></div>
            <div><dt>${t("coach.status")}</dt><dd><span class=${stateBadge(booking.state)}>${stateLabel(booking.state)}</span></dd></div>
          </dl>
        </section>
        <section class="card" aria-labelledby="session-attendance">
          <h2 id="session-attendance">${t("coach.session.attendance")}</h2>
          ${this.attendance(booking)}
        </section>
        <div aria-live="polite">${this.done ? successNotice(this.done) : nothing}</div>
        <section class="card" aria-labelledby="session-notes">
          <h2 id="session-notes">${t("coach.session.notes")}</h2>
          <p class="notice coach-private">${t("coach.session.private", { name: this.starterName })}</p>
          ${this.noteList()}
          <form class="coach-note-form" @submit=${(e: SubmitEvent) => this.saveNote(e)} novalidate>
            <label for="note-text">${t("coach.session.newNote")}</label>
            <textarea id="note-text" name="text" rows="4" maxlength="10000" aria-invalid=${this.noteError ? "true" : "false"}
              aria-describedby=${this.noteError ? "note-error" : nothing}></textarea>
            ${this.noteError ? html`<p class="field-error" id="note-error">${this.noteError}</p>` : nothing}
            <p><button type="submit" class="button-primary" ?disabled=${this.busy}>${t("coach.session.saveNote")}</button></p>
          </form>
        </section>` : nothing}
    `;
  }
}

customElements.define("samen-coach-session", CoachSessionScreen);
