// Meldingen: the starter finds the e-mail settings from the account page,
// reads the defaults, changes how long before a session the reminder comes,
// and after a reload the change is kept. A save from a second phone in the
// meantime is explained and the newest settings are shown. HR also sees the
// weekly digest; a starter does not.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn } from "./lib/harness.mjs";
import { beforeSignIn } from "./lib/story.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openSettings(page) {
  await page.getByRole("heading", { name: "Meldingen" }).waitFor();
  await page.getByLabel("Hoe lang van tevoren").waitFor();
}

test("the starter changes the reminder, reloads and finds it kept", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/account");
  await page.getByRole("link", { name: "Meldingen" }).click();
  await openSettings(page);
  assert.equal(new URL(page.url()).pathname, "/account/meldingen");
  // The defaults: Dutch, a reminder one day before; no HR digest for a starter.
  assert.ok(await page.getByRole("radio", { name: "Nederlands" }).isChecked());
  assert.ok(await page.getByLabel("Herinnering vóór elk coachingsgesprek").isChecked());
  assert.equal(await page.getByLabel("Hoe lang van tevoren").inputValue(), "86400");
  assert.equal(await page.getByText(/Wekelijkse e-mail/).count(), 0);
  await page.getByText(/Bevestigingen en wijzigingen .* krijg je altijd/).waitFor();
  await screen(page, "07-meldingen");

  await page.getByLabel("Hoe lang van tevoren").selectOption({ label: "3 uur" });
  await page.getByRole("button", { name: "Meldingen opslaan" }).click();
  await page.getByText("Je meldingen zijn opgeslagen.").waitFor();

  await page.reload();
  await openSettings(page);
  assert.equal(await page.getByLabel("Hoe lang van tevoren").inputValue(), "10800");
  assert.ok(await page.getByLabel("Herinnering vóór elk coachingsgesprek").isChecked());
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("a change saved on another phone in the meantime is explained, then redone; reminders off stay off", async () => {
  const first = await newPhone(browser);
  const second = await newPhone(browser);
  await signIn(first.page, people.starter, "/account/meldingen");
  await openSettings(first.page);
  await signIn(second.page, people.starter, "/account/meldingen");
  await openSettings(second.page);

  await second.page.getByRole("radio", { name: "English" }).check();
  await second.page.getByRole("button", { name: "Meldingen opslaan" }).click();
  await second.page.getByText("Je meldingen zijn opgeslagen.").waitFor();

  // The first phone still holds the version it read.
  await first.page.getByLabel("Herinnering vóór elk coachingsgesprek").uncheck();
  await first.page.getByRole("button", { name: "Meldingen opslaan" }).click();
  await first.page.getByRole("alert").getByText("Iemand anders heeft dit intussen gewijzigd.").waitFor();
  // The newest is on the screen now: English, reminders still on.
  assert.ok(await first.page.getByRole("radio", { name: "English" }).isChecked());
  assert.ok(await first.page.getByLabel("Herinnering vóór elk coachingsgesprek").isChecked());
  await screen(first.page, "07-meldingen-conflict");

  await first.page.getByRole("radio", { name: "Nederlands" }).check();
  await first.page.getByLabel("Herinnering vóór elk coachingsgesprek").uncheck();
  assert.ok(await first.page.getByLabel("Hoe lang van tevoren").isDisabled());
  await first.page.getByRole("button", { name: "Meldingen opslaan" }).click();
  await first.page.getByText("Je meldingen zijn opgeslagen.").waitFor();
  await first.page.reload();
  await openSettings(first.page);
  assert.ok(await first.page.getByRole("radio", { name: "Nederlands" }).isChecked());
  assert.equal(await first.page.getByLabel("Herinnering vóór elk coachingsgesprek").isChecked(), false);
  assert.equal(await first.page.getByLabel("Hoe lang van tevoren").inputValue(), "10800");
  // The conflict's 409 is the one expected complaint.
  assert.deepEqual(first.page.errors.filter(beforeSignIn).filter((e) => !e.includes("409")), []);
  await first.context.close();
  await second.context.close();
});

test("HR switches the weekly digest off", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.hr, "/account/meldingen");
  await openSettings(page);
  const digest = page.getByLabel(/Wekelijkse e-mail over starters/);
  assert.ok(await digest.isChecked());
  await screen(page, "07-meldingen-hr");
  await digest.uncheck();
  await page.getByRole("button", { name: "Meldingen opslaan" }).click();
  await page.getByText("Je meldingen zijn opgeslagen.").waitFor();
  await page.reload();
  await openSettings(page);
  assert.equal(await page.getByLabel(/Wekelijkse e-mail over starters/).isChecked(), false);
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});
