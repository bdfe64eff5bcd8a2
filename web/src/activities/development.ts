// "Mijn ontwikkeling": the person's development record (nascholingsoverzicht):
// the activities they completed with their hours, totals per school year and
// per kind of activity, and the record as a CSV file for their portfolio.

import { html, nothing, type TemplateResult } from "lit";
import { get, getText } from "../core/api.js";
import { number } from "../core/format.js";
import { defineMessages, plural, t } from "../core/i18n.js";
import { personId } from "../core/session.js";
import { loading, Screen } from "../core/ui.js";
import { kindLabel, saveFile, type DevelopmentRecord, type RecordEntry } from "./model.js";
import { dates } from "./model.js";

const { civilDate } = dates;

defineMessages({
  nl: {
    "development.title": "Mijn ontwikkeling",
    "development.intro": "De activiteiten die je hebt afgerond, met de uren die ze opleveren. Schooljaren lopen van 1 augustus tot en met 31 juli.",
    "development.total": "Totaal",
    "development.totalHours": "{hours} uur",
    "development.activities.one": "1 activiteit afgerond",
    "development.activities.other": "{count} activiteiten afgerond",
    "development.perYear": "Per schooljaar",
    "development.perKind": "Uren per soort activiteit",
    "development.year": "Schooljaar",
    "development.count": "Activiteiten",
    "development.hours": "Uren",
    "development.kind": "Soort",
    "development.entries": "Afgeronde activiteiten",
    "development.date": "Afgerond op",
    "development.activity": "Activiteit",
    "development.empty": "Je hebt nog geen activiteiten afgerond. Zodra de organisator je aanwezigheid heeft geregistreerd, staan ze hier.",
    "development.export": "Download als CSV (Excel)",
    "development.exported": "Het overzicht is gedownload.",
    "development.find": "Activiteiten zoeken",
  },
  en: {
    "development.title": "My development",
    "development.intro": "The activities you completed, with the hours they earn. School years run from 1 August to 31 July.",
    "development.total": "Total",
    "development.totalHours": "{hours} hours",
    "development.activities.one": "1 activity completed",
    "development.activities.other": "{count} activities completed",
    "development.perYear": "Per school year",
    "development.perKind": "Hours per kind of activity",
    "development.year": "School year",
    "development.count": "Activities",
    "development.hours": "Hours",
    "development.kind": "Kind",
    "development.entries": "Completed activities",
    "development.date": "Completed on",
    "development.activity": "Activity",
    "development.empty": "You have not completed any activities yet. Once the organiser records your attendance, they appear here.",
    "development.export": "Download as CSV (Excel)",
    "development.exported": "The record has been downloaded.",
    "development.find": "Find activities",
  },
});

export class DevelopmentScreen extends Screen {
  static properties = {
    ...Screen.properties,
    record: { state: true },
  };

  declare record: DevelopmentRecord | null;

  constructor() {
    super();
    this.record = null;
  }

  get heading(): string {
    return t("development.title");
  }

  private get path(): string {
    return `/v1/people/${personId(this.session)}/developmentRecord`;
  }

  protected async refresh(): Promise<void> {
    const record = await this.run(() => get<DevelopmentRecord>(this.path));
    if (record) {
      this.record = record;
    }
  }

  private async download(): Promise<void> {
    const text = await this.run(() => getText(`${this.path}:export`));
    if (text !== undefined) {
      saveFile(`ontwikkeling-${personId(this.session)}.csv`, text);
    }
  }

  // Hours per kind (rows) and school year (columns), newest year first.
  private perKind(entries: RecordEntry[], years: string[]): TemplateResult {
    const kinds = [...new Set(entries.map((each) => each.kind))].sort((a, b) => kindLabel(a).localeCompare(kindLabel(b)));
    const hours = (kind: string, year: string) =>
      entries.filter((each) => each.kind === kind && each.schoolYear === year).reduce((sum, each) => sum + (each.hours ?? 0), 0);
    return html`
      <h2 id="development-kind">${t("development.perKind")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="development-kind" tabindex="0">
        <table>
          <thead><tr><th scope="col">${t("development.kind")}</th>${years.map((year) => html`<th scope="col" class="num">${year}</th>`)}</tr></thead>
          <tbody>${kinds.map((kind) => html`<tr><th scope="row">${kindLabel(kind)}</th>
            ${years.map((year) => html`<td class="num">${number(hours(kind, year), 2)}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`;
  }

  render(): TemplateResult {
    const record = this.record;
    if (!record) {
      return html`${this.header()}${this.busy ? loading() : nothing}`;
    }
    const entries = record.entries ?? [];
    const years = record.years ?? [];
    return html`
      ${this.header()}
      <p>${t("development.intro")}</p>
      <section class="card card-highlight development-total" aria-labelledby="development-total">
        <h2 id="development-total">${t("development.total")}</h2>
        <p class="big-number">${t("development.totalHours", { hours: number(record.totalHours ?? 0, 2) })}</p>
        <p class="muted">${plural("development.activities", entries.length)}</p>
        <button type="button" class="button-secondary" ?disabled=${this.busy} @click=${this.download}>${t("development.export")}</button>
      </section>
      ${entries.length === 0
        ? html`<p class="empty">${t("development.empty")}</p><p><a class="button-primary" href="/activiteiten">${t("development.find")}</a></p>`
        : html`
          <h2 id="development-years">${t("development.perYear")}</h2>
          <div class="table-wrap" role="region" aria-labelledby="development-years" tabindex="0">
            <table>
              <thead><tr><th scope="col">${t("development.year")}</th><th scope="col" class="num">${t("development.count")}</th><th scope="col" class="num">${t("development.hours")}</th></tr></thead>
              <tbody>${years.map((year) => html`<tr><th scope="row">${year.schoolYear}</th><td class="num">${year.activities ?? 0}</td><td class="num">${number(year.hours ?? 0, 2)}</td></tr>`)}</tbody>
            </table>
          </div>
          ${this.perKind(entries, years.map((year) => year.schoolYear))}
          <h2 id="development-entries">${t("development.entries")}</h2>
          <div class="table-wrap" role="region" aria-labelledby="development-entries" tabindex="0">
            <table>
              <thead><tr><th scope="col">${t("development.date")}</th><th scope="col">${t("development.activity")}</th><th scope="col" class="num">${t("development.hours")}</th></tr></thead>
              <tbody>${entries.map((entry) => html`<tr><td>${civilDate(entry.completionDate)}</td>
                <td>${entry.title}<br><span class="muted">${kindLabel(entry.kind)}</span></td><td class="num">${number(entry.hours ?? 0, 2)}</td></tr>`)}</tbody>
            </table>
          </div>`}
    `;
  }
}

customElements.define("samen-development", DevelopmentScreen);
