// One vacancy (/hr/vacatures/nieuw, /hr/vacatures/:vacancy): HR drafts it,
// edits it (PATCH with the fields as update mask and the etag as If-Match),
// publishes it — a refusal names the missing fields next to them — and
// closes it after confirming, as filled or withdrawn. Once published, the
// public JobPosting (what the vacancy sites read) is linked.

import { html, nothing, type TemplateResult } from "lit";
import { ApiError, call, get, newRequestKey } from "../core/api.js";
import { explain, type Explanation } from "../core/errors.js";
import { civilDate, dayAndTime, isoDay, number } from "../core/format.js";
import { t } from "../core/i18n.js";
import { loading, problemNotice, Screen, successNotice } from "../core/ui.js";
import "./vacancy-messages.js";
import {
  contractTypes, degrees, formFieldOf, hrOrganisations, missingToPublish, type PublishField, salaryScales, sectors,
  statusBadge, subjectLabel, subjects, type Vacancy, vacancyId,
} from "./vacancy-model.js";


// The form as the person fills it in (strings, as the inputs hold them).
interface Form {
  school: string;
  title: string;
  subjects: string[];
  degree: string;
  sector: string;
  fte: string;
  contractType: string;
  salaryScale: string;
  startDate: string;
  closingDate: string;
  description: string;
  howToApply: string;
  applicationUrl: string;
}

// The form's fields and their API names (the update mask).
const maskOf: Record<string, string> = {
  title: "title", subjects: "subjects", degree: "degree", sector: "sector", fte: "fte",
  contractType: "contract_type", salaryScale: "salary_scale", startDate: "start_date",
  closingDate: "closing_date", description: "description", howToApply: "how_to_apply",
  applicationUrl: "application_url",
};

function formOf(v: Vacancy | null, school: string): Form {
  const known = (value: string | undefined) => (value && !value.endsWith("_UNSPECIFIED") ? value : "");
  return {
    school,
    title: v?.title ?? "",
    subjects: [...(v?.subjects ?? [])],
    degree: known(v?.degree),
    sector: known(v?.sector),
    fte: v?.fte ? number(v.fte, 2) : "",
    contractType: known(v?.contractType),
    salaryScale: v?.salaryScale ?? "",
    startDate: v?.startDate ?? "",
    closingDate: v?.closingDate ?? "",
    description: v?.description ?? "",
    howToApply: v?.howToApply ?? "",
    applicationUrl: v?.applicationUrl ?? "",
  };
}

// The body of a create or update: every field of the form.
function bodyOf(f: Form): Record<string, unknown> {
  return {
    title: f.title.trim(),
    subjects: f.subjects,
    degree: f.degree || "DEGREE_LEVEL_UNSPECIFIED",
    sector: f.sector || "SECTOR_UNSPECIFIED",
    fte: f.fte ? Number(f.fte.replace(",", ".")) : 0,
    contractType: f.contractType || "CONTRACT_TYPE_UNSPECIFIED",
    salaryScale: f.salaryScale,
    startDate: f.startDate,
    closingDate: f.closingDate,
    description: f.description.trim(),
    descriptionFormat: "PLAIN_TEXT",
    howToApply: f.howToApply.trim(),
    applicationUrl: f.applicationUrl.trim(),
  };
}

// An etag as the If-Match header wants it: quoted.
function quoted(etag: string | undefined): string {
  return `"${etag ?? ""}"`;
}

export class HrVacancyScreen extends Screen {
  static properties = {
    ...Screen.properties,
    vacancy: { state: true },
    form: { state: true },
    errors: { state: true },
    problem: { state: true },
    done: { state: true },
    confirming: { state: true },
    outcome: { state: true },
  };

  // The vacancy as the server has it; null for a new one not yet saved.
  declare vacancy: Vacancy | null;
  declare form: Form;
  // Inline messages per form field.
  declare errors: Record<string, string>;
  // What went wrong with saving, publishing or closing.
  declare problem: Explanation | null;
  // What just worked.
  declare done: string;
  declare confirming: boolean;
  declare outcome: "FILLED" | "CLOSED";

  private dirty = false;
  // Whether `done` is said in the status card (publish, close) or by the buttons.
  private doneAtStatus = false;
  // One key per draft being created: a retried click drafts it once.
  private createKey = newRequestKey();

  constructor() {
    super();
    this.vacancy = null;
    this.form = formOf(null, "");
    this.errors = {};
    this.problem = null;
    this.done = "";
    this.confirming = false;
    this.outcome = "CLOSED";
  }

  get heading(): string {
    return this.vacancy?.title || (this.isNew ? t("hrv.edit.newTitle") : t("hrv.title"));
  }

  private get isNew(): boolean {
    return !this.params.vacancy && !this.vacancy;
  }

  private get schools(): string[] {
    return hrOrganisations(this.session);
  }

  protected async refresh(): Promise<void> {
    if (!this.params.vacancy) {
      this.form = formOf(null, this.schools[0] ?? "");
      return;
    }
    const id = encodeURIComponent(this.params.vacancy);
    await this.run(async () => {
      // The school is the one of HR's grants that has this vacancy.
      let lastError: unknown = null;
      for (const school of this.schools) {
        try {
          this.show(await get<Vacancy>(`/v1/${school}/vacancies/${id}`));
          return;
        } catch (error) {
          lastError = error;
          if (!(error instanceof ApiError) || error.status !== 404) {
            break;
          }
        }
      }
      throw lastError ?? new ApiError(404, "NOT_FOUND", "");
    });
  }

  private show(v: Vacancy): void {
    this.vacancy = v;
    this.form = formOf(v, v.name.replace(/\/vacancies\/.*$/, ""));
    this.dirty = false;
  }

  private get editable(): boolean {
    const s = this.vacancy?.status;
    return !s || s === "DRAFT" || s === "PUBLISHED";
  }

  private set(change: Partial<Form>): void {
    this.form = { ...this.form, ...change };
    this.dirty = true;
    this.done = "";
    // A field the person changes loses its message.
    const errors = { ...this.errors };
    for (const key of Object.keys(change)) {
      delete errors[key];
    }
    this.errors = errors;
  }

  private today(): string {
    return isoDay(new Date());
  }

  // The form's own checks, before anything goes to the server.
  private check(): boolean {
    const f = this.form;
    const errors: Record<string, string> = {};
    if (!f.title.trim()) {
      errors.title = t("hrv.err.title");
    }
    const fte = Number(f.fte.replace(",", "."));
    if (f.fte && (!Number.isFinite(fte) || fte < 0.1 || fte > 1)) {
      errors.fte = t("hrv.err.fte");
    }
    if (f.applicationUrl.trim() && !/^https:\/\/\S+$/.test(f.applicationUrl.trim())) {
      errors.applicationUrl = t("hrv.err.url");
    }
    this.errors = errors;
    if (Object.keys(errors).length) {
      this.focusFirstError();
      return false;
    }
    return true;
  }

  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    (this.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
  }

  // Runs a save, publish or close; a failure becomes the notice by the
  // buttons and, where the server names fields, messages next to them.
  private async act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.done = "";
    this.doneAtStatus = false;
    try {
      await work();
    } catch (error) {
      this.problem = explain(error);
      if (error instanceof ApiError) {
        const errors: Record<string, string> = {};
        for (const violation of error.fieldViolations) {
          errors[formFieldOf(violation.field)] = t("hrv.server", { detail: violation.description });
        }
        if (error.reason === "VACANCY_INCOMPLETE") {
          this.markMissing(Object.keys(errors).length ? (Object.keys(errors) as PublishField[]) : missingToPublish(this.vacancy!, this.today()));
        } else {
          this.errors = { ...this.errors, ...errors };
        }
        if (error.status === 412 && this.vacancy) {
          // Someone changed it meanwhile: show the latest version.
          this.show(await get<Vacancy>(`/v1/${this.vacancy.name}`));
        }
      }
    } finally {
      this.busy = false;
    }
  }

  // Publishing was refused: each missing field says what it needs.
  private markMissing(fields: PublishField[]): void {
    const errors = { ...this.errors };
    for (const field of fields) {
      errors[field] = t(`hrv.missing.${field}`);
    }
    this.errors = errors;
    if (this.problem) {
      this.problem = { ...this.problem, details: fields.map((f) => `${this.label(f)}: ${t(`hrv.missing.${f}`)}`) };
    }
  }

  private label(field: string): string {
    return t(`hrv.f.${field}`);
  }

  // Saves the form: creates the draft, or changes the fields that changed.
  private async save(): Promise<boolean> {
    if (!this.check()) {
      return false;
    }
    const body = bodyOf(this.form);
    if (!this.vacancy) {
      const created = await call<Vacancy>("POST", `/v1/${this.form.school}/vacancies`, body, { idempotencyKey: this.createKey });
      this.createKey = newRequestKey();
      this.show(created);
      // The address names the draft now, without leaving the screen.
      history.replaceState(null, "", `/hr/vacatures/${encodeURIComponent(vacancyId(created.name))}`);
      this.done = t("hrv.created");
      return true;
    }
    const mask = Object.keys(maskOf).map((k) => maskOf[k]).concat("description_format").join(",");
    const updated = await call<Vacancy>("PATCH", `/v1/${this.vacancy.name}`, body, {
      ifMatch: quoted(this.vacancy.etag),
      query: { updateMask: mask },
    });
    this.show(updated);
    this.done = updated.status === "PUBLISHED" ? t("hrv.savedPublic") : t("hrv.saved");
    return true;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    await this.act(async () => {
      await this.save();
    });
  }

  private async publish(): Promise<void> {
    await this.act(async () => {
      if ((this.dirty || !this.vacancy) && !(await this.save())) {
        return;
      }
      const v = this.vacancy!;
      const published = await call<Vacancy>("POST", `/v1/${v.name}:publish`, {}, { ifMatch: quoted(v.etag), idempotencyKey: newRequestKey() });
      this.show(published);
      this.errors = {};
      this.done = t("hrv.published");
      await this.focusStatus();
    });
  }

  // After publishing or closing the buttons change: focus goes to the
  // status, where the outcome is said.
  private async focusStatus(): Promise<void> {
    this.doneAtStatus = true;
    await this.updateComplete;
    (this.querySelector("#hrv-status") as HTMLElement | null)?.focus();
  }

  private async openClose(): Promise<void> {
    this.confirming = true;
    this.done = "";
    await this.updateComplete;
    (this.querySelector("#hrv-confirm-title") as HTMLElement | null)?.focus();
  }

  private async cancelClose(): Promise<void> {
    this.confirming = false;
    await this.updateComplete;
    (this.querySelector("#hrv-close") as HTMLElement | null)?.focus();
  }

  private async close(): Promise<void> {
    await this.act(async () => {
      const v = this.vacancy!;
      const closed = await call<Vacancy>("POST", `/v1/${v.name}:close`, { outcome: this.outcome }, { ifMatch: quoted(v.etag), idempotencyKey: newRequestKey() });
      this.show(closed);
      this.confirming = false;
      this.done = t("hrv.closedNow");
      await this.focusStatus();
    });
  }

  // One labelled field with its hint and its message.
  private field(id: string, control: (describedBy: string, invalid: boolean) => TemplateResult, hint = "", label = this.label(id)): TemplateResult {
    const error = this.errors[id];
    const ids = [hint ? `hrv-${id}-hint` : "", error ? `hrv-${id}-error` : ""].filter(Boolean).join(" ");
    return html`<div class="hrv-field">
      <label for=${`hrv-${id}`}>${label}</label>
      ${hint ? html`<p class="hint hrv-hint" id=${`hrv-${id}-hint`}>${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id=${`hrv-${id}-error`}>${error}</p>` : nothing}
      ${control(ids, Boolean(error))}
    </div>`;
  }

  private text(id: keyof Form, hint = "", type = "text", extra: { min?: string; required?: boolean; inputmode?: string } = {}): TemplateResult {
    return this.field(id, (describedBy, invalid) => html`<input id=${`hrv-${id}`} type=${type} .value=${String(this.form[id])}
      min=${extra.min ?? nothing} ?required=${extra.required ?? false} inputmode=${extra.inputmode ?? nothing}
      aria-describedby=${describedBy || nothing} aria-invalid=${invalid ? "true" : "false"}
      @input=${(e: Event) => this.set({ [id]: (e.target as HTMLInputElement).value })}>`, hint);
  }

  private textarea(id: keyof Form, hint: string, rows: number): TemplateResult {
    return this.field(id, (describedBy, invalid) => html`<textarea id=${`hrv-${id}`} rows=${rows} .value=${String(this.form[id])}
      aria-describedby=${describedBy || nothing} aria-invalid=${invalid ? "true" : "false"}
      @input=${(e: Event) => this.set({ [id]: (e.target as HTMLTextAreaElement).value })}></textarea>`, hint);
  }

  private select(id: keyof Form, options: [string, string][], hint = ""): TemplateResult {
    return this.field(id, (describedBy, invalid) => html`<select id=${`hrv-${id}`}
      aria-describedby=${describedBy || nothing} aria-invalid=${invalid ? "true" : "false"}
      @change=${(e: Event) => this.set({ [id]: (e.target as HTMLSelectElement).value })}>
      ${options.map(([value, label]) => html`<option value=${value} ?selected=${this.form[id] === value}>${label}</option>`)}
    </select>`, hint);
  }

  private subjectChoices(): TemplateResult {
    const error = this.errors.subjects;
    const chosen = this.form.subjects;
    const offered = [...subjects, ...chosen.filter((s) => !subjects.includes(s))];
    return html`<fieldset class="hrv-field hrv-subjects" id="hrv-subjects" aria-describedby=${error ? "hrv-subjects-error" : nothing}>
      <legend>${this.label("subjects")}</legend>
      ${error ? html`<p class="field-error" id="hrv-subjects-error">${error}</p>` : nothing}
      <div class="hrv-subject-grid">
        ${offered.map((slug) => html`<label class="check"><input type="checkbox" name="subjects" value=${slug} .checked=${chosen.includes(slug)}
          @change=${(e: Event) => this.set({ subjects: (e.target as HTMLInputElement).checked ? [...chosen, slug] : chosen.filter((s) => s !== slug) })}>${subjectLabel(slug)}</label>`)}
      </div>
    </fieldset>`;
  }

  private status(): TemplateResult | typeof nothing {
    const v = this.vacancy;
    if (!v) {
      return nothing;
    }
    return html`<section class="card hrv-status" aria-labelledby="hrv-status">
      <h2 id="hrv-status" class="hrv-status-title" tabindex="-1">${t("hrv.state")}: ${statusBadge(v.status)}</h2>
      ${v.publishTime && v.status !== "DRAFT" ? html`<p class="muted">${t("hrv.publishedOn", { when: dayAndTime(v.publishTime) })}</p>` : nothing}
      ${v.closingDate ? html`<p class="muted">${t("hrv.closes", { date: civilDate(v.closingDate) })}</p>` : nothing}
      ${v.status === "PUBLISHED" ? html`
        <p><a class="hrv-public" href=${`/v1/${v.name}:jobPosting`}>${t("hrv.public")}</a></p>
        <p class="hint">${t("hrv.publicHint")}</p>` : nothing}
      ${!this.editable ? html`<p>${t("hrv.final")}</p>` : nothing}
      <div aria-live="polite">${this.done && this.doneAtStatus ? successNotice(this.done) : nothing}</div>
    </section>`;
  }

  private actions(): TemplateResult | typeof nothing {
    const v = this.vacancy;
    if (!this.editable) {
      return nothing;
    }
    return html`<div class="hrv-actions">
      <button type="submit" class="button-secondary" ?disabled=${this.busy}>${v ? t("hrv.save") : t("hrv.create")}</button>
      ${!v || v.status === "DRAFT" ? html`<button type="button" class="button-primary" ?disabled=${this.busy} @click=${() => this.publish()}>${t("hrv.publish")}</button>` : nothing}
      ${v?.status === "PUBLISHED" ? html`<button type="button" id="hrv-close" class="button-danger" ?disabled=${this.busy}
        aria-expanded=${this.confirming ? "true" : "false"} aria-controls="hrv-confirm" @click=${() => this.openClose()}>${t("hrv.close")}</button>` : nothing}
    </div>`;
  }

  private confirmation(): TemplateResult | typeof nothing {
    if (!this.confirming || this.vacancy?.status !== "PUBLISHED") {
      return nothing;
    }
    return html`<section class="card notice-warning hrv-confirm" id="hrv-confirm" aria-labelledby="hrv-confirm-title">
      <h2 id="hrv-confirm-title" tabindex="-1">${t("hrv.confirm.title")}</h2>
      <p>${t("hrv.confirm.text")}</p>
      <fieldset>
        <legend>${t("hrv.confirm.why")}</legend>
        ${(["FILLED", "CLOSED"] as const).map((o) => html`<label class="check"><input type="radio" name="hrv-outcome" value=${o}
          .checked=${this.outcome === o} @change=${() => (this.outcome = o)}>${t(`hrv.confirm.${o}`)}</label>`)}
      </fieldset>
      <div class="hrv-actions">
        <button type="button" class="button-danger" ?disabled=${this.busy} @click=${() => this.close()}>${t("hrv.confirm.yes")}</button>
        <button type="button" class="button-secondary" @click=${() => this.cancelClose()}>${t("ui.cancel")}</button>
      </div>
    </section>`;
  }

  private facts(v: Vacancy): TemplateResult {
    const known = (value: string | undefined) => Boolean(value && !value.endsWith("_UNSPECIFIED"));
    const rows: [string, string][] = [
      ["subjects", (v.subjects ?? []).map(subjectLabel).join(", ")],
      ["degree", known(v.degree) ? t(`vacancy.degree.${v.degree}`) : ""],
      ["sector", known(v.sector) ? t(`vacancy.sector.${v.sector}`) : ""],
      ["fte", v.fte ? number(v.fte, 2) : ""],
      ["contractType", known(v.contractType) ? t(`vacancy.contract.${v.contractType}`) : ""],
      ["salaryScale", v.salaryScale ?? ""],
      ["startDate", v.startDate ? civilDate(v.startDate) : ""],
      ["closingDate", v.closingDate ? civilDate(v.closingDate) : ""],
      ["applicationUrl", v.applicationUrl ?? ""],
    ];
    return html`<section class="card" aria-labelledby="hrv-what">
      <h2 id="hrv-what">${t("hrv.edit.what")}</h2>
      <dl class="coach-facts hrv-facts">
        ${rows.filter(([, value]) => value).map(([key, value]) => html`<div><dt>${this.label(key)}</dt><dd>${value}</dd></div>`)}
      </dl>
      ${v.description ? html`<h3>${this.label("description")}</h3><p class="hrv-text">${v.description}</p>` : nothing}
      ${v.howToApply ? html`<h3>${this.label("howToApply")}</h3><p class="hrv-text">${v.howToApply}</p>` : nothing}
    </section>`;
  }

  render(): TemplateResult {
    const schools = this.schools;
    const loaded = this.isNew || this.vacancy !== null;
    const back = html`<p class="coach-back"><a href="/hr/vacatures">← ${t("hrv.edit.back")}</a></p>`;
    if (!schools.length) {
      return html`${back}${this.header()}<p class="empty">${t("hrv.notYours")}</p>`;
    }
    if (!loaded) {
      return html`${back}${this.header()}${this.busy ? loading() : nothing}`;
    }
    if (!this.editable) {
      // Filled, closed or expired: what it was, to read.
      return html`${back}${this.header()}${this.status()}${this.facts(this.vacancy!)}`;
    }
    const none = (label: string): [string, string] => ["", label];
    return html`
      ${back}
      ${this.header()}
      ${this.isNew ? html`<p class="hr-intro">${t("hrv.edit.intro")}</p>` : nothing}
      ${this.status()}
      <form class="hrv-form" novalidate @submit=${(e: Event) => this.onSave(e)}>
        <fieldset class="hrv-fields">
          <section class="card" aria-labelledby="hrv-what">
            <h2 id="hrv-what">${t("hrv.edit.what")}</h2>
            ${!this.vacancy && schools.length > 1 ? this.select("school", schools.map((s) => [s, s.replace(/^organisations\//, "")]), "") : nothing}
            ${this.text("title", t("hrv.f.titleHint"), "text", { required: true })}
            ${this.subjectChoices()}
            ${this.select("degree", [none(t("hrv.f.degreeNone")), ...degrees.map((d): [string, string] => [d, t(`vacancy.degree.${d}`)])])}
            ${this.select("sector", [none(t("hrv.f.sectorSchool")), ...sectors.map((s): [string, string] => [s, t(`vacancy.sector.${s}`)])])}
          </section>
          <section class="card" aria-labelledby="hrv-terms">
            <h2 id="hrv-terms">${t("hrv.edit.terms")}</h2>
            ${this.text("fte", t("hrv.f.fteHint"), "text", { inputmode: "decimal" })}
            ${this.select("contractType", [none(t("hrv.f.contractNone")), ...contractTypes.map((c): [string, string] => [c, t(`vacancy.contract.${c}`)])])}
            ${this.select("salaryScale", [none(t("hrv.f.scaleNone")), ...salaryScales.map((s): [string, string] => [s, s])], t("hrv.f.scaleHint"))}
            ${this.text("startDate", "", "date")}
            ${this.text("closingDate", t("hrv.f.closingDateHint"), "date", { min: this.today() })}
          </section>
          <section class="card" aria-labelledby="hrv-text">
            <h2 id="hrv-text">${t("hrv.edit.text")}</h2>
            ${this.textarea("description", t("hrv.f.descriptionHint"), 8)}
            ${this.textarea("howToApply", t("hrv.f.howToApplyHint"), 4)}
            ${this.text("applicationUrl", t("hrv.f.applicationUrlHint"), "url", { inputmode: "url" })}
          </section>
        </fieldset>
        <div aria-live="polite">${this.done && !this.doneAtStatus ? successNotice(this.done) : nothing}</div>
        ${problemNotice(this.problem)}
        ${this.actions()}
      </form>
      ${this.confirmation()}
    `;
  }
}

customElements.define("samen-hr-vacancy", HrVacancyScreen);
