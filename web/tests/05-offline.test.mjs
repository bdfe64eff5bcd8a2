// Offline: Noor opened the app once (the service worker keeps the app, her
// record, programme and bookings); on a train without signal she opens it
// again and still sees her next session, marked "Offline — laatst bijgewerkt".

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn } from "./lib/harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("without a connection the app still shows the next session, marked offline", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/");
  await page.getByRole("heading", { name: "Je volgende gesprek" }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // Once more with the service worker in control, so that it keeps the answers.
  await page.reload();
  await page.locator(".next-session .next-day").waitFor();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
  const day = (await page.locator(".next-session .next-day").textContent()).trim();
  await page.waitForLoadState("networkidle");

  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { name: "Je volgende gesprek" }).waitFor();
  assert.equal((await page.locator(".next-session .next-day").textContent()).trim(), day);
  await page.getByText(/^Offline — laatst bijgewerkt /).first().waitFor();
  await screen(page, "05-offline");
  await context.setOffline(false);
  await context.close();
});
