// One activity for its organiser: the facts, changing the number of places
// (with the etag, so two coordinators do not overwrite each other; a larger
// number promotes from the waitlist at once), the participants, the waitlist
// in order and open requests, and the sign-in sheet to download or print.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, get, getAll, getText, newRequestKey } from "../core/api.js";
import { number } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import {
  audienceLabel, deadline, kindLabel, saveFile, sessionWhen, sessionWhere, type Activity, type Enrolment,
} from "../activities/model.js";
import { organisationName, organisationsOf, partnershipOf, sectionNav, type Organisation } from "./common.js";
import { dates } from "../activities/model.js";

const { civilDate, dayAndTime, dayLong, dayShort, time } = dates;

defineMessages({
  nl: {
    "coordActivity.back": "Alle activiteiten",
    "coordActivity.facts": "Gegevens",
    "coordActivity.kind": "Soort",
    "coordActivity.for": "Voor",
    "coordActivity.hours": "Uren",
    "coordActivity.sessions": "Bijeenkomsten",
    "coordActivity.enrolment": "Inschrijving",
    "coordActivity.window": "van {from} tot {to}",
    "coordActivity.cancelUntil": "Deelnemers kunnen zich uitschrijven tot {when}.",
    "coordActivity.cancelThrough": "Deelnemers kunnen zich uitschrijven tot en met {when}.",
    "coordActivity.capacity": "Plaatsen",
    "coordActivity.capacityLabel": "Aantal plaatsen",
    "coordActivity.capacityHint": "Nu {enrolled} bezet, {waiting} op de wachtlijst. Meer plaatsen geven de eersten op de wachtlijst meteen een plaats.",
    "coordActivity.capacitySaved": "Het aantal plaatsen is nu {capacity}.",
    "coordActivity.capacityMin": "Minstens 1 plaats.",
    "coordActivity.participants": "Deelnemers",
    "coordActivity.waitlist": "Wachtlijst",
    "coordActivity.pending": "Wachten op goedkeuring",
    "coordActivity.nobody": "Nog niemand.",
    "coordActivity.position": "Plaats",
    "coordActivity.name": "Naam",
    "coordActivity.organisation": "School of organisatie",
    "coordActivity.since": "Aangemeld",
    "coordActivity.signature": "Handtekening",
    "coordActivity.sheet": "Presentielijst",
    "coordActivity.sheetHint": "Download de presentielijst voor Excel, of druk de deelnemerslijst af om te laten tekenen.",
    "coordActivity.download": "Presentielijst downloaden (CSV)",
    "coordActivity.print": "Afdrukken",
    "coordActivity.downloaded": "De presentielijst is gedownload.",
  },
  en: {
    "coordActivity.back": "All activities",
    "coordActivity.facts": "Details",
    "coordActivity.kind": "Kind",
    "coordActivity.for": "For",
    "coordActivity.hours": "Hours",
    "coordActivity.sessions": "Meetings",
    "coordActivity.enrolment": "Enrolment",
    "coordActivity.window": "from {from} to {to}",
    "coordActivity.cancelUntil": "Participants can withdraw until {when}.",
    "coordActivity.cancelThrough": "Participants can withdraw up to and including {when}.",
    "coordActivity.capacity": "Places",
    "coordActivity.capacityLabel": "Number of places",
    "coordActivity.capacityHint": "Now {enrolled} taken, {waiting} on the waitlist. More places give the first on the waitlist a place at once.",
    "coordActivity.capacitySaved": "The number of places is now {capacity}.",
    "coordActivity.capacityMin": "At least 1 place.",
    "coordActivity.participants": "Participants",
    "coordActivity.waitlist": "Waitlist",
    "coordActivity.pending": "Awaiting approval",
    "coordActivity.nobody": "Nobody yet.",
    "coordActivity.position": "Place",
    "coordActivity.name": "Name",
    "coordActivity.organisation": "School or organisation",
    "coordActivity.since": "Requested",
    "coordActivity.signature": "Signature",
    "coordActivity.sheet": "Sign-in sheet",
    "coordActivity.sheetHint": "Download the sign-in sheet for Excel, or print the participant list to be signed.",
    "coordActivity.download": "Download sign-in sheet (CSV)",
    "coordActivity.print": "Print",
    "coordActivity.downloaded": "The sign-in sheet has been downloaded.",
  },
});

export class CoordinatorActivity extends Screen {
  static properties = {
    ...Screen.properties,
    activity: { state: true }, enrolments: { state: true }, organisations: { state: true },
    capacity: { state: true }, capacityError: { state: true }, message: { state: true },
  };

  declare activity: Activity | null;
  declare enrolments: Enrolment[];
  declare organisations: Organisation[];
  // The capacity as typed (kept when saving fails).
  declare capacity: string;
  declare capacityError: string;
  declare message: string;

  constructor() {
    super();
    this.activity = null;
    this.enrolments = [];
    this.organisations = [];
    this.capacity = "";
    this.capacityError = "";
    this.message = "";
  }

  get heading(): string {
    return this.activity?.title ?? t("coord.activities");
  }

  private get path(): string {
    return `/v1/activities/${encodeURIComponent(this.params.activity ?? "")}`;
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      const [activity, enrolments, organisations] = await Promise.all([
        get<Activity>(this.path),
        getAll<Enrolment>(`${this.path}/enrolments`, "enrolments"),
        organisationsOf(partnershipOf(this.session)),
      ]);
      this.activity = activity;
      this.enrolments = enrolments;
      this.organisations = organisations;
      this.capacity = String(activity.capacity);
    });
  }

  private async saveCapacity(event: Event): Promise<void> {
    event.preventDefault();
    const activity = this.activity;
    const capacity = Number(this.capacity);
    this.message = "";
    this.capacityError = "";
    if (!activity) {
      return;
    }
    if (!(capacity >= 1)) {
      this.capacityError = t("coordActivity.capacityMin");
      return;
    }
    const saved = await this.run(async () => {
      try {
        return await call<Activity>("PATCH", this.path, { capacity }, {
          // An entity tag goes in quotes (RFC 9110); the resource's etag field has none.
          ifMatch: activity.etag ? `"${activity.etag}"` : undefined, idempotencyKey: newRequestKey(), query: { updateMask: "capacity" },
        });
      } catch (error) {
        if (error instanceof ApiError) {
          this.capacityError = error.fieldViolations.map((v) => v.description).join(" ");
        }
        throw error;
      }
    });
    if (saved) {
      await this.refresh();
      this.message = t("coordActivity.capacitySaved", { capacity: saved.capacity });
    } else if (this.failure && this.activity) {
      // A stale etag: show the newest version, keep what was typed.
      const typed = this.capacity;
      const failure = this.failure;
      const fresh = await get<Activity>(this.path).catch(() => null);
      if (fresh) {
        this.activity = fresh;
      }
      this.capacity = typed;
      this.failure = failure;
    }
  }

  private async download(): Promise<void> {
    this.message = "";
    const text = await this.run(() => getText(`${this.path}:exportSignInSheet`));
    if (text !== undefined) {
      saveFile(`presentielijst-${this.params.activity}.csv`, text);
      this.message = t("coordActivity.downloaded");
    }
  }

  private cancelUntil(value: string): string {
    const { wholeDay, when } = deadline(value, dayLong, dayAndTime, time);
    return t(wholeDay ? "coordActivity.cancelThrough" : "coordActivity.cancelUntil", { when });
  }

  private table(id: string, title: string, rows: Enrolment[], waitlist = false, signature = false): TemplateResult {
    return html`
      <section class="card enrolment-group" aria-labelledby=${id}>
        <h2 id=${id}>${title} <span class="muted">(${rows.length})</span></h2>
        ${rows.length === 0 ? html`<p class="muted">${t("coordActivity.nobody")}</p>` : html`
        <div class="table-wrap" role="region" aria-labelledby=${id} tabindex="0">
          <table>
            <thead><tr>
              ${waitlist ? html`<th scope="col" class="num">${t("coordActivity.position")}</th>` : nothing}
              <th scope="col">${t("coordActivity.name")}</th>
              <th scope="col">${t("coordActivity.organisation")}</th>
              <th scope="col" class="no-print">${t("coordActivity.since")}</th>
              ${signature ? html`<th scope="col" class="print-only">${t("coordActivity.signature")}</th>` : nothing}
            </tr></thead>
            <tbody>${rows.map((each) => html`<tr>
              ${waitlist ? html`<td class="num">${each.waitlistPosition ?? ""}</td>` : nothing}
              <th scope="row">${each.personDisplayName || each.person.replace(/^people\//, "")}</th>
              <td>${(each.organisations ?? []).map((org) => organisationName(this.organisations, org)).join(", ")}</td>
              <td class="no-print">${each.requestTime ? `${dayShort(each.requestTime)} ${time(each.requestTime)}` : ""}</td>
              ${signature ? html`<td class="print-only signature"></td>` : nothing}
            </tr>`)}</tbody>
          </table>
        </div>`}
      </section>`;
  }

  render(): TemplateResult {
    const activity = this.activity;
    if (!activity) {
      return html`${this.header()}${sectionNav()}${this.busy ? loading() : nothing}`;
    }
    const enrolled = this.enrolments.filter((each) => each.state === "ENROLLED");
    const waiting = this.enrolments.filter((each) => each.state === "WAITLISTED")
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    const pending = this.enrolments.filter((each) => each.state === "PENDING_APPROVAL");
    return html`
      ${this.header()}
      ${sectionNav()}
      <p class="no-print"><a href="/coordinatie/activiteiten">← ${t("coordActivity.back")}</a></p>
      <div aria-live="polite">${this.message ? successNotice(this.message) : nothing}</div>
      <section class="card" aria-labelledby="activity-facts">
        <h2 id="activity-facts">${t("coordActivity.facts")}</h2>
        <dl class="coord-facts">
          <dt>${t("coordActivity.kind")}</dt><dd>${kindLabel(activity.kind)}</dd>
          <dt>${t("coordActivity.for")}</dt><dd>${activity.audiences?.length ? activity.audiences.map(audienceLabel).join(", ") : t("audience.everyone")}</dd>
          <dt>${t("coordActivity.hours")}</dt><dd>${number(activity.hours ?? 0, 2)}</dd>
          ${activity.enrolmentOpenTime && activity.enrolmentCloseTime ? html`<dt>${t("coordActivity.enrolment")}</dt>
            <dd>${t("coordActivity.window", { from: dayAndTime(activity.enrolmentOpenTime), to: dayAndTime(activity.enrolmentCloseTime) })}</dd>` : nothing}
        </dl>
        ${activity.description ? html`<p>${activity.description}</p>` : nothing}
        <h3>${t("coordActivity.sessions")}</h3>
        <ul class="plain-list">${(activity.sessions ?? []).map((session) => html`<li>${session.title ? html`<strong>${session.title}</strong><br>` : nothing}
          ${sessionWhen(session, dayLong, civilDate)}${sessionWhere(session) ? html`<br><span class="muted">${sessionWhere(session)}${session.room ? ` · ${session.room}` : ""}</span>` : nothing}</li>`)}</ul>
        ${activity.cancellationDeadline ? html`<p class="hint">${this.cancelUntil(activity.cancellationDeadline)}</p>` : nothing}
      </section>
      <form class="card no-print" novalidate @submit=${this.saveCapacity} aria-labelledby="activity-capacity-heading">
        <h2 id="activity-capacity-heading">${t("coordActivity.capacity")}</h2>
        <label for="activity-capacity">${t("coordActivity.capacityLabel")}</label>
        <p class="hint" id="activity-capacity-hint">${t("coordActivity.capacityHint", { enrolled: activity.enrolledCount ?? 0, waiting: activity.waitlistedCount ?? 0 })}</p>
        <div class="row">
          <input id="activity-capacity" class="input-short" type="number" min="1" max="10000" inputmode="numeric" .value=${this.capacity}
            aria-invalid=${this.capacityError ? "true" : "false"}
            aria-describedby=${this.capacityError ? "activity-capacity-hint activity-capacity-error" : "activity-capacity-hint"}
            @input=${(e: Event) => (this.capacity = (e.target as HTMLInputElement).value)}>
          <button type="submit" class="button-primary" ?disabled=${this.busy}>${t("ui.save")}</button>
        </div>
        ${this.capacityError ? html`<p class="field-error" id="activity-capacity-error">${this.capacityError}</p>` : nothing}
      </form>
      ${this.table("activity-enrolled", t("coordActivity.participants"), enrolled, false, true)}
      ${this.table("activity-waitlist", t("coordActivity.waitlist"), waiting, true)}
      ${pending.length ? this.table("activity-pending", t("coordActivity.pending"), pending) : nothing}
      <section class="card no-print" aria-labelledby="activity-sheet">
        <h2 id="activity-sheet">${t("coordActivity.sheet")}</h2>
        <p>${t("coordActivity.sheetHint")}</p>
        <div class="row">
          <button type="button" class="button-primary" ?disabled=${this.busy} @click=${this.download}>${t("coordActivity.download")}</button>
          <button type="button" class="button-secondary" @click=${() => window.print()}>${t("coordActivity.print")}</button>
        </div>
      </section>
    `;
  }
}

customElements.define("samen-coord-activity", CoordinatorActivity);
