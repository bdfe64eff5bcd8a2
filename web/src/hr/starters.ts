// Starters (/hr): the starters of HR's school or board and how their
// induction goes — programme year, coaching sessions used of the quota, lesson
// visits, last contact, next appointment and why someone needs attention —
// with the counts per school and cohort on top, filters, and the list as a
// CSV file. The employer line only: never what was said in coaching, and no
// way to a session or its notes.

import { html, nothing, type TemplateResult } from "lit";
import { get, getAll, getText } from "../core/api.js";
import { civilDate, dayAndTime, dayShort, isoDay } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { scopesOf } from "../core/session.js";
import { loading, Screen, successNotice } from "../core/ui.js";

defineMessages({
  nl: {
    "hr.title": "Starters",
    "hr.intro": "Of de begeleiding van startende leraren loopt: gesprekken, lesbezoeken en contact. Wat er in de begeleiding besproken wordt, blijft tussen starter en coach.",
    "hr.summary": "Overzicht",
    "hr.count.starters": "Starters",
    "hr.count.active": "Actief",
    "hr.count.atRisk": "Aandacht nodig",
    "hr.count.completed": "Afgerond",
    "hr.count.left": "Vertrokken",
    "hr.perSchool": "Per school en cohort",
    "hr.cohort": "Cohort",
    "hr.filters": "Filteren",
    "hr.list": "Per starter",
    "hr.filter.school": "School",
    "hr.filter.allSchools": "Alle scholen",
    "hr.filter.atRisk": "Alleen wie aandacht nodig heeft",
    "hr.filter.year": "Jaar in het programma",
    "hr.filter.allYears": "Alle jaren",
    "hr.filter.yearN": "Jaar {year}",
    "hr.filter.status": "Status",
    "hr.filter.allStatuses": "Alle statussen",
    "hr.filter.reset": "Filters wissen",
    "hr.results.one": "{count} starter",
    "hr.results.other": "{count} starters",
    "hr.none": "Geen starters die bij deze filters passen.",
    "hr.col.name": "Naam",
    "hr.col.school": "School",
    "hr.col.year": "Jaar",
    "hr.col.sessions": "Coachingsgesprekken",
    "hr.col.sessionsShort": "Gesprekken",
    "hr.col.visits": "Lesbezoeken",
    "hr.col.lastContact": "Laatste contact",
    "hr.col.next": "Volgende afspraak",
    "hr.col.status": "Status",
    "hr.col.attention": "Aandacht",
    "hr.sessions": "{used} van {quota} gebruikt",
    "hr.sessionsHeld": "{held} gehouden",
    "hr.visits": "{done} van {quota}",
    "hr.never": "Nog geen",
    "hr.noneBooked": "Niets gepland",
    "hr.ok": "Loopt",
    "hr.started": "Gestart op {date}",
    "hr.risk.NO_RECENT_CONTACT": "Al weken geen gesprek, lesbezoek of intervisie",
    "hr.risk.REPEATED_NO_SHOWS": "Twee keer of vaker niet verschenen dit jaar",
    "hr.risk.QUOTA_BEHIND_SCHEDULE": "Loopt achter met de coachingsgesprekken",
    "hr.risk.RISK_REASON_UNSPECIFIED": "Aandacht nodig",
    "hr.export": "Downloaden als CSV",
    "hr.exportHint": "Het bestand bevat alle starters van {scope}, ook als je hierboven filtert. Open het in een spreadsheet.",
    "hr.exportScopeAll": "al je scholen",
    "hr.exported": "{file} is gedownload.",
    "hr.noScope": "Je HR-rol hoort niet bij een school of bestuur, dus er zijn geen starters om te tonen.",
  },
  en: {
    "hr.title": "Starting teachers",
    "hr.intro": "Whether the guidance of starting teachers is going well: sessions, lesson visits and contact. What is discussed in coaching stays between the starting teacher and the coach.",
    "hr.summary": "Overview",
    "hr.count.starters": "Starting teachers",
    "hr.count.active": "Active",
    "hr.count.atRisk": "Need attention",
    "hr.count.completed": "Completed",
    "hr.count.left": "Left",
    "hr.perSchool": "Per school and cohort",
    "hr.cohort": "Cohort",
    "hr.filters": "Filter",
    "hr.list": "Per starting teacher",
    "hr.filter.school": "School",
    "hr.filter.allSchools": "All schools",
    "hr.filter.atRisk": "Only those who need attention",
    "hr.filter.year": "Year in the programme",
    "hr.filter.allYears": "All years",
    "hr.filter.yearN": "Year {year}",
    "hr.filter.status": "Status",
    "hr.filter.allStatuses": "All statuses",
    "hr.filter.reset": "Clear filters",
    "hr.results.one": "{count} starting teacher",
    "hr.results.other": "{count} starting teachers",
    "hr.none": "No starting teachers match these filters.",
    "hr.col.name": "Name",
    "hr.col.school": "School",
    "hr.col.year": "Year",
    "hr.col.sessions": "Coaching sessions",
    "hr.col.sessionsShort": "Sessions",
    "hr.col.visits": "Lesson visits",
    "hr.col.lastContact": "Last contact",
    "hr.col.next": "Next appointment",
    "hr.col.status": "Status",
    "hr.col.attention": "Attention",
    "hr.sessions": "{used} of {quota} used",
    "hr.sessionsHeld": "{held} held",
    "hr.visits": "{done} of {quota}",
    "hr.never": "None yet",
    "hr.noneBooked": "Nothing planned",
    "hr.ok": "On track",
    "hr.started": "Started on {date}",
    "hr.risk.NO_RECENT_CONTACT": "No session, lesson visit or intervision for weeks",
    "hr.risk.REPEATED_NO_SHOWS": "Did not show up twice or more this year",
    "hr.risk.QUOTA_BEHIND_SCHEDULE": "Behind on coaching sessions",
    "hr.risk.RISK_REASON_UNSPECIFIED": "Needs attention",
    "hr.export": "Download as CSV",
    "hr.exportHint": "The file holds all starting teachers of {scope}, also when you filter above. Open it in a spreadsheet.",
    "hr.exportScopeAll": "all your schools",
    "hr.exported": "{file} has been downloaded.",
    "hr.noScope": "Your HR role is not tied to a school or board, so there are no starting teachers to show.",
  },
});

// The starter's status and kind words (shared with the coach's screens).
defineMessages({
  nl: { "starterStatus.ACTIVE": "Actief", "starterStatus.PAUSED": "Gepauzeerd", "starterStatus.COMPLETED": "Afgerond", "starterStatus.LEFT": "Vertrokken" },
  en: { "starterStatus.ACTIVE": "Active", "starterStatus.PAUSED": "Paused", "starterStatus.COMPLETED": "Completed", "starterStatus.LEFT": "Left" },
});

type Status = "ACTIVE" | "PAUSED" | "COMPLETED" | "LEFT";
const statuses: Status[] = ["ACTIVE", "PAUSED", "COMPLETED", "LEFT"];

interface TrackingRow {
  starter: string;
  displayName: string;
  school: string;
  programme?: string;
  kind?: string;
  startDate?: string;
  currentYear?: number;
  status?: Status;
  sessionsUsed?: number;
  sessionsHeld?: number;
  sessionsQuota?: number;
  lessonVisitsDone?: number;
  lessonVisitsQuota?: number;
  lastContactTime?: string;
  nextBookingTime?: string;
  atRisk?: boolean;
  riskReasons?: string[];
}

interface TrackingCount {
  school: string;
  cohort: number;
  starters?: number;
  active?: number;
  atRisk?: number;
  completed?: number;
  left?: number;
}

interface Filters {
  school: string;
  atRisk: boolean;
  year: number;
  status: Status | "";
}

const noFilters: Filters = { school: "", atRisk: false, year: 0, status: "" };

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export class HrStartersScreen extends Screen {
  static properties = {
    ...Screen.properties,
    rows: { state: true },
    counts: { state: true },
    schools: { state: true },
    filters: { state: true },
    exported: { state: true },
  };

  declare rows: TrackingRow[] | null;
  declare counts: TrackingCount[];
  // School names by `organisations/{id}`.
  declare schools: Map<string, string>;
  declare filters: Filters;
  declare exported: string;

  constructor() {
    super();
    this.rows = null;
    this.counts = [];
    this.schools = new Map();
    this.filters = { ...noFilters };
    this.exported = "";
  }

  get heading(): string {
    return t("hr.title");
  }

  // The organisations in the HR grants: one school or board, or several
  // (then `organisations/-`, everything in scope).
  private get scope(): string {
    const scopes = scopesOf(this.session, "hr").filter((s) => s.startsWith("organisations/"));
    return scopes.length === 1 ? scopes[0] : scopes.length > 1 ? "organisations/-" : "";
  }

  // What the list, the counts and the export ask: the chosen school or the scope.
  private get parent(): string {
    return this.filters.school || this.scope;
  }

  protected async refresh(): Promise<void> {
    if (!this.scope) {
      this.rows = [];
      return;
    }
    await this.run(async () => {
      const [summary] = await Promise.all([
        get<{ counts?: TrackingCount[] }>(`/v1/${this.scope}/starterTracking:summarize`),
        this.loadRows(),
      ]);
      this.counts = summary.counts ?? [];
      const ids = [...new Set([...this.counts.map((c) => c.school), ...(this.rows ?? []).map((r) => r.school)])];
      const names = await Promise.all(ids.map((id) =>
        get<{ displayName?: string }>(`/v1/${id}`).then((o) => o.displayName || lastPart(id), () => lastPart(id))));
      this.schools = new Map(ids.map((id, i) => [id, names[i]]));
    });
  }

  // The rows for the school and at-risk filters (the API's); year and status
  // are narrowed here, on the rows already loaded.
  private async loadRows(): Promise<void> {
    this.rows = await getAll<TrackingRow>(`/v1/${this.parent}/starterTracking`, "rows", {
      atRiskOnly: this.filters.atRisk || undefined,
    });
  }

  private async setFilters(change: Partial<Filters>): Promise<void> {
    const before = this.filters;
    this.filters = { ...before, ...change };
    this.exported = "";
    if (this.filters.school !== before.school || this.filters.atRisk !== before.atRisk) {
      await this.run(() => this.loadRows());
    }
  }

  private get shown(): TrackingRow[] {
    const { year, status } = this.filters;
    return (this.rows ?? []).filter((r) => (!year || (r.currentYear ?? 1) === year) && (!status || (r.status ?? "ACTIVE") === status));
  }

  private schoolName(id: string): string {
    return this.schools.get(id) ?? lastPart(id);
  }

  private async exportCsv(): Promise<void> {
    this.exported = "";
    const parent = this.parent;
    const text = await this.run(() => getText(`/v1/${parent}/starterTracking:export`));
    if (text === undefined) {
      return;
    }
    const file = `starters-${lastPart(parent) === "-" ? "alle-scholen" : lastPart(parent)}-${isoDay(new Date())}.csv`;
    // The byte-order mark (which text() took off) lets spreadsheets read ë and ö right.
    const blob = new Blob([text.startsWith("\ufeff") ? text : `\ufeff${text}`], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = file;
    link.hidden = true;
    this.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.exported = t("hr.exported", { file });
  }

  private summary(): TemplateResult {
    const counts = this.filters.school ? this.counts.filter((c) => c.school === this.filters.school) : this.counts;
    const sum = (key: keyof TrackingCount) => counts.reduce((total, c) => total + Number(c[key] ?? 0), 0);
    const tiles: [string, number, string][] = [
      ["hr.count.starters", sum("starters"), ""],
      ["hr.count.active", sum("active"), ""],
      ["hr.count.atRisk", sum("atRisk"), sum("atRisk") > 0 ? "hr-tile-warning" : ""],
      ["hr.count.completed", sum("completed"), ""],
      ["hr.count.left", sum("left"), ""],
    ];
    return html`
      <section aria-labelledby="hr-summary">
        <h2 id="hr-summary">${t("hr.summary")}</h2>
        <dl class="hr-tiles">
          ${tiles.map(([key, value, extra]) => html`<div class="hr-tile ${extra}"><dt>${t(key)}</dt><dd>${value}</dd></div>`)}
        </dl>
        ${counts.length > 1 ? html`
          <details class="hr-per-school">
            <summary>${t("hr.perSchool")}</summary>
            <div class="table-wrap">
              <table>
                <thead><tr>
                  <th scope="col">${t("hr.col.school")}</th><th scope="col">${t("hr.cohort")}</th>
                  <th scope="col">${t("hr.count.starters")}</th><th scope="col">${t("hr.count.active")}</th>
                  <th scope="col">${t("hr.count.atRisk")}</th><th scope="col">${t("hr.count.completed")}</th><th scope="col">${t("hr.count.left")}</th>
                </tr></thead>
                <tbody>${counts.map((c) => html`<tr>
                  <th scope="row">${this.schoolName(c.school)}</th><td>${c.cohort}</td><td>${c.starters ?? 0}</td><td>${c.active ?? 0}</td>
                  <td>${c.atRisk ?? 0}</td><td>${c.completed ?? 0}</td><td>${c.left ?? 0}</td></tr>`)}</tbody>
              </table>
            </div>
          </details>` : nothing}
      </section>`;
  }

  private filterForm(): TemplateResult {
    const f = this.filters;
    const schools = [...this.schools.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    const years = [1, 2, 3];
    const changed = f.school || f.atRisk || f.year || f.status;
    return html`
      <form class="card hr-filters" aria-labelledby="hr-filters" @submit=${(e: Event) => e.preventDefault()}>
        <h2 id="hr-filters">${t("hr.filters")}</h2>
        <div class="hr-filter-fields">
          ${schools.length > 1 || this.scope === "organisations/-" ? html`<div>
            <label for="hr-school">${t("hr.filter.school")}</label>
            <select id="hr-school" @change=${(e: Event) => this.setFilters({ school: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!f.school}>${t("hr.filter.allSchools")}</option>
              ${schools.map(([id, name]) => html`<option value=${id} ?selected=${f.school === id}>${name}</option>`)}
            </select></div>` : nothing}
          <div>
            <label for="hr-year">${t("hr.filter.year")}</label>
            <select id="hr-year" @change=${(e: Event) => this.setFilters({ year: Number((e.target as HTMLSelectElement).value) })}>
              <option value="0" ?selected=${!f.year}>${t("hr.filter.allYears")}</option>
              ${years.map((y) => html`<option value=${y} ?selected=${f.year === y}>${t("hr.filter.yearN", { year: y })}</option>`)}
            </select>
          </div>
          <div>
            <label for="hr-status">${t("hr.filter.status")}</label>
            <select id="hr-status" @change=${(e: Event) => this.setFilters({ status: (e.target as HTMLSelectElement).value as Status | "" })}>
              <option value="" ?selected=${!f.status}>${t("hr.filter.allStatuses")}</option>
              ${statuses.map((s) => html`<option value=${s} ?selected=${f.status === s}>${t(`starterStatus.${s}`)}</option>`)}
            </select>
          </div>
          <label class="check hr-check"><input type="checkbox" .checked=${f.atRisk}
            @change=${(e: Event) => this.setFilters({ atRisk: (e.target as HTMLInputElement).checked })}>${t("hr.filter.atRisk")}</label>
        </div>
        ${changed ? html`<p><button type="button" class="button-link" @click=${() => this.setFilters({ ...noFilters })}>${t("hr.filter.reset")}</button></p>` : nothing}
      </form>`;
  }

  private attention(r: TrackingRow): TemplateResult {
    if (!r.atRisk) {
      return html`<span class="badge badge-success">${t("hr.ok")}</span>`;
    }
    const reasons = r.riskReasons?.length ? r.riskReasons : ["RISK_REASON_UNSPECIFIED"];
    return html`<ul class="hr-reasons">${reasons.map((reason) => html`<li>${t(`hr.risk.${reason}`)}</li>`)}</ul>`;
  }

  private table(rows: TrackingRow[]): TemplateResult {
    return html`
      <div class="hr-table-wrap">
        <table class="hr-table" role="table">
          <caption class="visually-hidden">${t("hr.title")}</caption>
          <thead role="rowgroup"><tr role="row">
            <th scope="col" role="columnheader">${t("hr.col.name")}</th>
            <th scope="col" role="columnheader">${t("hr.col.year")}</th>
            <th scope="col" role="columnheader">${t("hr.col.sessions")}</th>
            <th scope="col" role="columnheader">${t("hr.col.visits")}</th>
            <th scope="col" role="columnheader">${t("hr.col.lastContact")}</th>
            <th scope="col" role="columnheader">${t("hr.col.next")}</th>
            <th scope="col" role="columnheader">${t("hr.col.status")}</th>
            <th scope="col" role="columnheader">${t("hr.col.attention")}</th>
          </tr></thead>
          <tbody role="rowgroup">
            ${rows.map((r) => html`<tr role="row" class=${r.atRisk ? "hr-row-risk" : ""}>
              <th scope="row" role="rowheader" data-label=${t("hr.col.name")}>
                <span class="hr-name">${r.displayName}</span>
                <span class="hr-sub muted">${this.schoolName(r.school)}${r.startDate ? html` · ${t("hr.started", { date: civilDate(r.startDate) })}` : nothing}</span>
              </th>
              <td role="cell" data-label=${t("hr.col.year")}><div>${r.currentYear ?? 1}</div></td>
              <td role="cell" data-label=${t("hr.col.sessionsShort")}><div>
                ${t("hr.sessions", { used: r.sessionsUsed ?? 0, quota: r.sessionsQuota ?? 0 })}
                <span class="meter hr-meter" aria-hidden="true"><span class=${`hr-fill-${Math.min(10, Math.round(((r.sessionsUsed ?? 0) / Math.max(1, r.sessionsQuota ?? 0)) * 10))}`}></span></span>
                <span class="hr-sub muted">${t("hr.sessionsHeld", { held: r.sessionsHeld ?? 0 })}</span>
              </div></td>
              <td role="cell" data-label=${t("hr.col.visits")}><div>${t("hr.visits", { done: r.lessonVisitsDone ?? 0, quota: r.lessonVisitsQuota ?? 0 })}</div></td>
              <td role="cell" data-label=${t("hr.col.lastContact")}><div>${r.lastContactTime ? dayShort(r.lastContactTime) : t("hr.never")}</div></td>
              <td role="cell" data-label=${t("hr.col.next")}><div>${r.nextBookingTime ? dayAndTime(r.nextBookingTime) : t("hr.noneBooked")}</div></td>
              <td role="cell" data-label=${t("hr.col.status")}><div>${t(`starterStatus.${r.status ?? "ACTIVE"}`)}</div></td>
              <td role="cell" data-label=${t("hr.col.attention")}><div>${this.attention(r)}</div></td>
            </tr>`)}
          </tbody>
        </table>
      </div>`;
  }

  render(): TemplateResult {
    const rows = this.rows;
    const shown = this.shown;
    const scopeName = this.parent === "organisations/-" ? t("hr.exportScopeAll") : this.schoolName(this.parent);
    return html`
      ${this.header()}
      <p class="hr-intro">${t("hr.intro")}</p>
      ${!this.scope ? html`<p class="empty">${t("hr.noScope")}</p>` : nothing}
      ${rows === null && this.busy ? loading() : nothing}
      ${rows !== null && this.scope ? html`
        ${this.summary()}
        ${this.filterForm()}
        <section aria-labelledby="hr-list">
          <div class="row-between">
            <h2 id="hr-list">${t("hr.list")}</h2>
            <p class="muted hr-results" role="status" aria-live="polite">${plural("hr.results", shown.length)}</p>
          </div>
          ${shown.length ? this.table(shown) : html`<p class="card empty">${t("hr.none")}</p>`}
        </section>
        <section class="card hr-export" aria-labelledby="hr-export">
          <h2 id="hr-export" class="visually-hidden">${t("hr.export")}</h2>
          <p><button type="button" class="button-secondary" ?disabled=${this.busy} @click=${() => this.exportCsv()}>${t("hr.export")}</button></p>
          <p class="hint">${t("hr.exportHint", { scope: scopeName })}</p>
          <div aria-live="polite">${this.exported ? successNotice(this.exported) : nothing}</div>
        </section>` : nothing}
    `;
  }
}

customElements.define("samen-hr-starters", HrStartersScreen);
