// HR Ruben (Almere College Dronten): Noor's progress — sessions used of the
// quota, lesson visits, last contact — the counts, the filters, the CSV
// file; and nowhere what was said in coaching: not the note Ilse wrote in
// 02-coach (nor the demo's own), not on any HR screen, not in the file, and a
// coaching address is not for HR's role. Runs after 02-coach, and on its own.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn } from "./lib/harness.mjs";
import { beforeSignIn, coachNoteText } from "./lib/story.mjs";

// The demo data's own note (db/demo/induction.sql).
const demoNoteText = "Rust in 2B";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Nothing of coaching content on the screen as it is now.
async function assertNoCoachingContent(page, where) {
  const text = await page.locator("body").innerText();
  assert.ok(!text.includes(coachNoteText), `the coach's note is shown on ${where}`);
  assert.ok(!text.includes(demoNoteText), `a coaching note is shown on ${where}`);
  const html = await page.content();
  assert.ok(!html.includes(coachNoteText) && !html.includes(demoNoteText), `a coaching note is in the page of ${where}`);
  assert.equal(await page.locator('a[href*="/coach/"], a[href*="/notes"], a[href*="/bookings/"]').count(), 0, `a link to coaching on ${where}`);
}

test("Ruben sees Noor's progress, filters, and downloads the CSV; no coaching content anywhere", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.hr);
  assert.equal(new URL(page.url()).pathname, "/hr");
  await page.getByRole("heading", { name: "Starters", level: 1 }).waitFor();
  const noor = page.getByRole("row", { name: /Noor Jansen \(demo\)/ });
  await noor.waitFor();
  await noor.getByText(/\d+ van \d+ gebruikt/).waitFor();
  await noor.getByText(/\d+ gehouden/).waitFor();
  assert.match(await noor.innerText(), /Almere College/);
  await page.getByRole("heading", { name: "Overzicht" }).waitFor();
  assert.match(await page.locator(".hr-tiles").innerText(), /Starters\s*\n?\s*[1-9]/);
  await assertNoCoachingContent(page, "/hr");
  await screen(page, "03-hr-starters");

  // Filters: only who needs attention (Noor is on track), then year 2 (Noor is in year 1).
  await page.getByLabel("Alleen wie aandacht nodig heeft").check();
  await page.getByRole("status").filter({ hasText: /starters?$/ }).waitFor();
  await page.waitForLoadState("networkidle");
  const atRiskShown = await noor.count();
  const noorAtRisk = atRiskShown > 0;
  if (!noorAtRisk) {
    await page.getByText("Geen starters die bij deze filters passen.").waitFor();
  }
  await assertNoCoachingContent(page, "/hr (at risk)");
  await screen(page, "03-hr-aandacht");
  await page.getByLabel("Alleen wie aandacht nodig heeft").uncheck();
  await noor.waitFor();
  await page.getByLabel("Jaar in het programma").selectOption({ label: "Jaar 2" });
  await page.getByText("Geen starters die bij deze filters passen.").waitFor();
  assert.equal(await noor.count(), 0);
  await page.getByLabel("Jaar in het programma").selectOption({ label: "Jaar 1" });
  await page.getByLabel("Status").selectOption({ label: "Actief" });
  await noor.waitFor();
  await page.getByRole("button", { name: "Filters wissen" }).click();
  await noor.waitFor();

  // The file: a proper name, the header row, Noor's row, and no note.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Downloaden als CSV" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^starters-almere-college-dronten-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  assert.ok(csv.startsWith("\ufeff"), "a byte-order mark for spreadsheets");
  const lines = csv.replace(/^\ufeff/, "").split(/\r?\n/).filter(Boolean);
  assert.match(lines[0], /^starter,name,school,/);
  assert.match(lines[0], /sessions_used/);
  const noorLine = lines.find((line) => line.includes("Noor Jansen (demo)"));
  assert.ok(noorLine, "Noor's row in the CSV");
  assert.match(noorLine, /starters\/starter-noor/);
  assert.ok(!csv.includes(coachNoteText) && !csv.includes(demoNoteText), "no coaching note in the CSV");
  await page.getByText(/starters-almere-college-dronten-.*\.csv is gedownload\./).waitFor();
  await screen(page, "03-hr-export");

  // At a desk the list uses the width.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("columnheader", { name: "Coachingsgesprekken" }).waitFor();
  assert.ok((await page.locator(".hr-table").boundingBox()).width > 960, "the table uses the desk's width");
  await screen(page, "03-hr-starters-desktop");
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("a coaching address is not for HR, and the API agrees", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.hr, "/coach/gesprekken/starter-noor/bdemo-noor-2");
  await page.getByRole("heading", { name: "Deze pagina is niet voor jouw rol." }).waitFor();
  await assertNoCoachingContent(page, "/coach/gesprekken/…");
  await screen(page, "03-hr-geen-coaching");

  for (const path of ["/coach", "/coach/beschikbaarheid", "/coach/starters"]) {
    await page.goto(path);
    await page.getByRole("heading", { name: "Deze pagina is niet voor jouw rol." }).waitFor();
  }
  // The navigation offers HR nothing of the coach's.
  const nav = await page.getByRole("navigation", { name: "Hoofdmenu" }).innerText();
  assert.ok(!/De week|Beschikbaar/.test(nav), nav);

  // Every HR screen, once more, in full.
  for (const path of ["/hr", "/account"]) {
    await page.goto(path);
    await page.locator("main h1").first().waitFor();
    await page.waitForLoadState("networkidle");
    await assertNoCoachingContent(page, path);
  }
  await screen(page, "03-hr-account");

  // Even asked directly, the notes are refused to HR.
  const notes = await page.request.get("/v1/starters/starter-noor/bookings/bdemo-noor-2/notes");
  assert.equal(notes.status(), 403);
  assert.ok(!(await notes.text()).includes(demoNoteText));
  assert.deepEqual(page.errors.filter(beforeSignIn).filter((e) => !e.includes("403")), []);
  await context.close();
});
