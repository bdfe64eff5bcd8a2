// Coach Ilse on her phone: her week, a session of Noor's that has started
// (marked held, with a note only she and Noor can read), her availability
// (an exception added, and someone else's change in between explained), her
// starters. Runs after 01-starter on the same data, and on its own.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn, sql } from "./lib/harness.mjs";
import { beforeSignIn, coachNoteText, plannedSessionsOfNoor, shiftSessionToJustStarted } from "./lib/story.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("Ilse sees her week, marks Noor's session held and writes a private note", async () => {
  const planned = plannedSessionsOfNoor();
  const session = planned[0] ?? "bdemo-noor-3";
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coach);
  assert.equal(new URL(page.url()).pathname, "/coach");
  await page.getByRole("heading", { name: "De week", level: 1 }).waitFor();
  await page.getByRole("heading", { name: /^Week \d+ .*deze week/ }).waitFor();
  await screen(page, "02-coach-week");

  const link = page.locator(`a[href="/coach/gesprekken/starter-noor/${session}"]`);
  if (planned.length > 0) {
    // Not started yet: the page says when it can be recorded, and offers no button.
    if (!(await link.count())) {
      await page.getByRole("link", { name: /Volgende week/ }).click();
    }
    await link.first().click();
    await page.getByRole("heading", { name: "Coachingsgesprek", level: 1 }).waitFor();
    await page.getByText(/kun je vastleggen zodra het begonnen is/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Gehouden" }).count(), 0);
    await screen(page, "02-coach-gesprek-nog-niet");
  }

  // What a real day does by waiting: the session began a few minutes ago.
  shiftSessionToJustStarted(session);
  await page.goto("/coach");
  await link.first().click();
  await page.getByRole("heading", { name: "Coachingsgesprek", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Noor Jansen (demo)", level: 2 }).waitFor();
  await page.getByText("Alleen jij en Noor Jansen (demo) kunnen deze notities lezen.", { exact: false }).waitFor();
  await screen(page, "02-coach-gesprek");

  await page.getByRole("button", { name: "Gehouden" }).click();
  await page.getByText("Vastgelegd: het gesprek is gehouden.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Gehouden" }).getAttribute("aria-pressed"), "true");
  assert.equal(sql("induction", `SELECT state FROM calendar_entries WHERE id = '${session}'`).trim(), "3");

  await page.getByLabel("Nieuwe notitie").fill(coachNoteText);
  await page.getByRole("button", { name: "Notitie opslaan" }).click();
  await page.getByText("Je notitie is opgeslagen.").waitFor();
  await page.getByText(coachNoteText).first().waitFor();
  await screen(page, "02-coach-gesprek-gehouden");

  // The note is there after a reload too, and the week shows the session as held.
  await page.reload();
  await page.getByText(coachNoteText).first().waitFor();
  await page.getByRole("link", { name: "Terug naar de week" }).click();
  await page.getByRole("heading", { name: "De week", level: 1 }).waitFor();
  await link.first().getByText("Gehouden").waitFor();
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("Ilse adds a day off to her availability; a change made elsewhere in between is explained", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coach, "/coach/beschikbaarheid");
  await page.getByRole("heading", { name: "Beschikbaarheid", level: 1 }).waitFor();
  await page.getByLabel("Lengte van een gesprek (minuten)").waitFor();
  assert.equal(await page.getByLabel("Dag").count() >= 5, true, "the demo's weekly windows");
  await screen(page, "02-coach-beschikbaarheid");

  await page.getByRole("button", { name: "Uitzondering toevoegen" }).click();
  await page.getByLabel("Datum").fill("2027-03-15");
  await page.getByRole("button", { name: "Beschikbaarheid opslaan" }).click();
  await page.getByText("Je beschikbaarheid is opgeslagen.").waitFor();
  assert.match(sql("induction", "SELECT COUNT(*) FROM availability_exceptions WHERE coach_id = 'coach-ilse'"), /[1-9]/);
  await screen(page, "02-coach-beschikbaarheid-opgeslagen");

  // Ilse changes it on her laptop meanwhile; the phone's save is refused and
  // the phone shows the newest version.
  sql("induction", "UPDATE coach_availability SET version = version + 1, update_time = UTC_TIMESTAMP(6) WHERE coach_id = 'coach-ilse'");
  await page.getByRole("button", { name: /Verwijder uitzondering van/ }).first().click();
  await page.getByRole("button", { name: "Beschikbaarheid opslaan" }).click();
  await page.getByText("Iemand anders heeft dit intussen gewijzigd.").waitFor();
  await page.getByText("De nieuwste versie staat nu op je scherm").waitFor();
  await page.getByRole("button", { name: /Verwijder uitzondering van/ }).first().waitFor();
  await screen(page, "02-coach-beschikbaarheid-gewijzigd");

  // Done again on the newest version, it works.
  await page.getByRole("button", { name: /Verwijder uitzondering van/ }).first().click();
  await page.getByRole("button", { name: "Beschikbaarheid opslaan" }).click();
  await page.getByText("Je beschikbaarheid is opgeslagen.").waitFor();
  assert.deepEqual(page.errors.filter(beforeSignIn).filter((e) => !e.includes("412")), []);
  await context.close();
});

test("Ilse's starters and the next week", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coach);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Starters" }).click();
  await page.getByRole("heading", { name: "Mijn starters", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Noor Jansen (demo)" }).waitFor();
  await page.getByText(/\d+ van \d+ gesprekken gebruikt dit jaar, [1-9]\d* gehouden/).waitFor();
  await screen(page, "02-coach-starters");

  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "De week" }).click();
  await page.getByRole("link", { name: /Volgende week/ }).click();
  await page.waitForURL(/\/coach\?week=\d{4}-\d{2}-\d{2}$/);
  await page.getByRole("heading", { name: /^Week \d+ .*volgende week/ }).waitFor();
  await page.getByRole("link", { name: "Naar vandaag" }).waitFor();
  await screen(page, "02-coach-volgende-week");

  // A lesson visit of two weeks ago: held, nothing left to record.
  const visitDay = sql("induction", "SELECT DATE(CONVERT_TZ(start_time, '+00:00', '+01:00')) FROM calendar_entries WHERE id = 'edemo-noor-visit'").trim();
  await page.goto(`/coach?week=${visitDay}`);
  await page.locator('a[href="/coach/bijeenkomsten/edemo-noor-visit"]').click();
  await page.getByRole("heading", { name: "Lesbezoek", level: 1 }).waitFor();
  await page.getByText("Lesbezoek 2B Nederlands").waitFor();
  await page.getByText("Deze bijeenkomst is gehouden.").waitFor();
  await screen(page, "02-coach-lesbezoek");

  // English, for a coach who prefers it.
  await page.getByRole("button", { name: "Switch to English" }).click();
  await page.getByRole("heading", { name: "Lesson visit", level: 1 }).waitFor();
  await page.getByText("This meeting was held.").waitFor();
  await page.getByRole("button", { name: "Wissel naar Nederlands" }).click();
  await page.getByRole("heading", { name: "Lesbezoek", level: 1 }).waitFor();
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});
