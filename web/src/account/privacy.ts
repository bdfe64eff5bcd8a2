// "Mijn gegevens" (AVG): everyone can ask for a copy of everything Samen
// keeps about them (art. 15) — a ZIP made by every service, downloadable
// only by them for a week — follow how far it is, and read how erasure works
// (art. 17: through the school's privacy officer, an administrator). Starters
// reach who read their record from here too.

import { html, nothing, type TemplateResult } from "lit";
import { call, get, RequestKeys } from "../core/api.js";
import { dayAndTime } from "../core/format.js";
import { defineMessages, t } from "../core/i18n.js";
import { hasRole } from "../core/session.js";
import { loading, Screen, successNotice } from "../core/ui.js";
import { roleLabel } from "./roles.js";

defineMessages({
  nl: {
    "privacy.title": "Mijn gegevens",
    "privacy.intro": "Samen bewaart gegevens over jou: je account, je rollen, je gesprekken en notities, je inschrijvingen en uren. Je hebt het recht ze in te zien en een kopie te krijgen.",
    "privacy.exportTitle": "Een kopie van je gegevens",
    "privacy.exportHint": "Samen verzamelt alles wat over jou bewaard wordt in één zip-bestand: per onderdeel de gegevens, je gesprekken als agenda-bestand en je uren als spreadsheet. Dat duurt meestal minder dan een minuut. Alleen jij kunt het downloaden, een week lang.",
    "privacy.exportStart": "Kopie aanvragen",
    "privacy.exportRequested": "Je aanvraag is ontvangen. Samen verzamelt je gegevens.",
    "privacy.exportBusy": "Bezig: {done} van {total} onderdelen klaar…",
    "privacy.exportReady": "Je kopie staat klaar ({size}), tot {when}.",
    "privacy.download": "Download je gegevens",
    "privacy.exportExpired": "Verlopen op {when}. Vraag zo nodig een nieuwe kopie aan.",
    "privacy.failed": "Dit is niet gelukt: {why}",
    "privacy.historyTitle": "Je verzoeken",
    "privacy.none": "Je hebt nog niets aangevraagd.",
    "privacy.kind.EXPORT": "Kopie van je gegevens",
    "privacy.kind.ERASE": "Verwijderen van je gegevens",
    "privacy.state.busy": "bezig",
    "privacy.state.done": "klaar",
    "privacy.state.failed": "mislukt",
    "privacy.byOther": "aangevraagd door een beheerder",
    "privacy.eraseTitle": "Je gegevens laten verwijderen",
    "privacy.eraseHint": "Wil je dat Samen je gegevens verwijdert? Vraag het de privacyfunctionaris van je school of instituut; een beheerder voert het uit. Je notities en je account verdwijnen helemaal. Wat je school moet bewaren (bijvoorbeeld dat een gesprek heeft plaatsgevonden, of uren die meetellen voor de bekostiging) blijft zonder je naam bewaard.",
    "privacy.accessTitle": "Wie heeft je gegevens ingezien?",
    "privacy.accessHint": "Iedereen behalve jij en je coach die je begeleidingsgegevens bekijkt, wordt vastgelegd.",
    "privacy.accessLink": "Bekijk wie je gegevens heeft ingezien",
    "privacy.studentAccessTitle": "Wie heeft je studentdossier ingezien?",
    "privacy.studentAccessHint": "Iedereen behalve jijzelf die je dossier als student bekijkt (opleiders, werkplekbegeleiders, coördinatoren), wordt vastgelegd.",
    "privacy.studentAccessNone": "Niemand anders dan jij heeft je dossier bekeken.",
    "privacy.studentAccess.GET": "je dossier",
    "privacy.studentAccess.LIST": "een lijst met studenten",
  },
  en: {
    "privacy.title": "My data",
    "privacy.intro": "Samen keeps data about you: your account, your roles, your sessions and notes, your enrolments and hours. You have the right to see it and to get a copy.",
    "privacy.exportTitle": "A copy of your data",
    "privacy.exportHint": "Samen gathers everything it keeps about you in one zip file: the data per part, your sessions as a calendar file and your hours as a spreadsheet. That usually takes less than a minute. Only you can download it, for one week.",
    "privacy.exportStart": "Request a copy",
    "privacy.exportRequested": "Your request has been received. Samen is gathering your data.",
    "privacy.exportBusy": "Working: {done} of {total} parts done…",
    "privacy.exportReady": "Your copy is ready ({size}), until {when}.",
    "privacy.download": "Download your data",
    "privacy.exportExpired": "Expired on {when}. Request a new copy if you need one.",
    "privacy.failed": "This did not work: {why}",
    "privacy.historyTitle": "Your requests",
    "privacy.none": "You have not requested anything yet.",
    "privacy.kind.EXPORT": "Copy of your data",
    "privacy.kind.ERASE": "Erasure of your data",
    "privacy.state.busy": "working",
    "privacy.state.done": "done",
    "privacy.state.failed": "failed",
    "privacy.byOther": "requested by an administrator",
    "privacy.eraseTitle": "Having your data erased",
    "privacy.eraseHint": "Do you want Samen to erase your data? Ask the privacy officer of your school or institute; an administrator carries it out. Your notes and your account go entirely. What your school must keep (for example that a session took place, or hours that count for funding) is kept without your name.",
    "privacy.accessTitle": "Who has looked at your data?",
    "privacy.accessHint": "Everyone other than you and your coach who looks at your induction record is recorded.",
    "privacy.accessLink": "See who looked at your data",
    "privacy.studentAccessTitle": "Who has looked at your student record?",
    "privacy.studentAccessHint": "Everyone other than you who looks at your record as a student teacher (teacher educators, mentors, coordinators) is recorded.",
    "privacy.studentAccessNone": "Nobody but you has looked at your record.",
    "privacy.studentAccess.GET": "your record",
    "privacy.studentAccess.LIST": "a list of students",
  },
});

// A read of the student's record by someone else (partners' students).
interface StudentAccess {
  viewer?: string;
  viewerDisplayName?: string;
  viewerRole?: string;
  action?: string;
  accessTime?: string;
}

interface Step {
  service?: string;
  state?: string;
}

interface DataExport {
  name?: string;
  sizeBytes?: string;
  expireTime?: string;
}

// A privacy operation (AIP-151), as proto/samen/partners/v1/privacy.proto.
interface Operation {
  name: string;
  done?: boolean;
  error?: { message?: string };
  metadata?: { kind?: string; person?: string; requestedBy?: string; createTime?: string; steps?: Step[] };
  response?: { dataExport?: DataExport };
}

// How long between looks at an operation that is still running.
const pollMs = 1500;

function size(bytes: string | undefined): string {
  const n = Number(bytes ?? 0);
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`;
}

export class PrivacyScreen extends Screen {
  static properties = {
    ...Screen.properties,
    operations: { state: true },
    requested: { state: true },
    studentReads: { state: true },
  };

  declare operations: Operation[] | null;
  declare requested: boolean;
  // Reads of the person's student record; null when they are no student.
  declare studentReads: StudentAccess[] | null;
  private readonly keys = new RequestKeys();
  private timer: number | undefined;

  constructor() {
    super();
    this.operations = null;
    this.requested = false;
    this.studentReads = null;
  }

  get heading(): string {
    return t("privacy.title");
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.timer);
  }

  private get person(): string {
    return this.session.person;
  }

  protected async refresh(): Promise<void> {
    await this.run(async () => {
      await this.load();
      await this.loadStudentReads();
    });
  }

  // A student lists only their own record; who else read it is theirs to see.
  private async loadStudentReads(): Promise<void> {
    if (!hasRole(this.session, "student")) {
      return;
    }
    const answer = await get<{ students?: { name: string; person?: string }[] }>("/v1/students", { pageSize: 10 });
    const own = (answer.students ?? []).find((s) => s.person === this.person);
    if (!own) {
      return;
    }
    const reads = await get<{ records?: StudentAccess[] }>(`/v1/${own.name}/accessRecords`, { pageSize: 50 });
    this.studentReads = reads.records ?? [];
  }

  private async load(): Promise<void> {
    const answer = await get<{ operations?: Operation[] }>(`/v1/${this.person}/operations`, { pageSize: 20 });
    this.operations = answer.operations ?? [];
    this.poll();
  }

  // Looks again while an operation is running; stops when all are done.
  private poll(): void {
    window.clearTimeout(this.timer);
    if ((this.operations ?? []).some((op) => !op.done)) {
      this.timer = window.setTimeout(() => {
        this.load().catch(() => this.poll());
      }, pollMs);
    }
  }

  private async requestExport(): Promise<void> {
    const done = await this.run(async () => {
      await call<Operation>("POST", `/v1/${this.person}:exportData`, {}, { idempotencyKey: this.keys.for("export") });
      this.keys.done();
      await this.load();
      return true;
    });
    this.requested = done === true;
  }

  // How far an export is; `withLink`: the download button when it is ready
  // (on the latest export only; the list below shows the state).
  private exportState(op: Operation, withLink: boolean): TemplateResult {
    if (op.error) {
      return html`<p class="notice notice-error">${t("privacy.failed", { why: op.error.message ?? "" })}</p>`;
    }
    const steps = op.metadata?.steps ?? [];
    if (!op.done) {
      const done = steps.filter((s) => s.state === "DONE").length;
      return html`<p role="status" aria-live="polite">${t("privacy.exportBusy", { done: String(done), total: String(steps.length) })}</p>`;
    }
    const archive = op.response?.dataExport;
    if (!archive?.name) {
      return html``;
    }
    const expire = archive.expireTime ?? "";
    if (expire && new Date(expire).getTime() <= Date.now()) {
      return html`<p class="muted">${t("privacy.exportExpired", { when: dayAndTime(expire) })}</p>`;
    }
    const ready = html`<p>${t("privacy.exportReady", { size: size(archive.sizeBytes), when: dayAndTime(expire) })}</p>`;
    if (!withLink) {
      return ready;
    }
    // A plain link: the browser downloads the ZIP with the session cookie.
    return html`
      ${ready}
      <p><a class="button-primary button-wide" href="/v1/${archive.name}:download" download="samen-mijn-gegevens.zip">${t("privacy.download")}</a></p>
    `;
  }

  private stateLabel(op: Operation): string {
    return t(op.error ? "privacy.state.failed" : op.done ? "privacy.state.done" : "privacy.state.busy");
  }

  private history(operations: Operation[]): TemplateResult {
    if (operations.length === 0) {
      return html`<p class="empty">${t("privacy.none")}</p>`;
    }
    return html`<ul class="plain-list privacy-list">
      ${operations.map((op) => html`<li>
        <p><strong>${t(`privacy.kind.${op.metadata?.kind ?? "EXPORT"}`)}</strong>
          <span class="badge">${this.stateLabel(op)}</span></p>
        <p class="muted">${op.metadata?.createTime ? dayAndTime(op.metadata.createTime) : ""}
          ${op.metadata?.requestedBy && op.metadata.requestedBy !== this.person ? html` · ${t("privacy.byOther")}` : nothing}</p>
        ${op.metadata?.kind === "EXPORT" ? this.exportState(op, false) : nothing}
      </li>`)}
    </ul>`;
  }

  render(): TemplateResult {
    const operations = this.operations;
    const latest = operations?.find((op) => op.metadata?.kind === "EXPORT");
    const running = latest !== undefined && !latest.done;
    const ready = latest?.done === true && latest.response?.dataExport !== undefined;
    return html`
      ${this.header()}
      <p>${t("privacy.intro")}</p>
      <section class="card">
        <h2>${t("privacy.exportTitle")}</h2>
        <p class="hint">${t("privacy.exportHint")}</p>
        ${this.requested ? successNotice(t("privacy.exportRequested")) : nothing}
        ${latest ? this.exportState(latest, true) : nothing}
        <button type="button" class=${ready ? "button-secondary button-wide" : "button-primary button-wide"} ?disabled=${this.busy || running} @click=${() => this.requestExport()}>${t("privacy.exportStart")}</button>
      </section>
      <section class="card">
        <h2>${t("privacy.historyTitle")}</h2>
        ${operations === null ? (this.busy ? loading() : nothing) : this.history(operations)}
      </section>
      ${hasRole(this.session, "starter")
        ? html`<section class="card">
            <h2>${t("privacy.accessTitle")}</h2>
            <p class="hint">${t("privacy.accessHint")}</p>
            <a href="/inzage">${t("privacy.accessLink")}</a>
          </section>`
        : nothing}
      ${this.studentReads === null
        ? nothing
        : html`<section class="card">
            <h2>${t("privacy.studentAccessTitle")}</h2>
            <p class="hint">${t("privacy.studentAccessHint")}</p>
            ${this.studentReads.length === 0
              ? html`<p class="empty">${t("privacy.studentAccessNone")}</p>`
              : html`<ul class="plain-list access-list">${this.studentReads.map((r) => html`<li>
                  <p class="access-who"><strong>${r.viewerDisplayName || r.viewer || ""}</strong>
                    ${r.viewerRole ? html`<span class="badge">${roleLabel(r.viewerRole)}</span>` : nothing}</p>
                  <p class="access-what">${t(`privacy.studentAccess.${r.action === "LIST" ? "LIST" : "GET"}`)}</p>
                  <p class="muted">${r.accessTime ? dayAndTime(r.accessTime) : ""}</p></li>`)}</ul>`}
          </section>`}
      <section class="card">
        <h2>${t("privacy.eraseTitle")}</h2>
        <p class="hint">${t("privacy.eraseHint")}</p>
      </section>
    `;
  }
}

customElements.define("samen-account-privacy", PrivacyScreen);
