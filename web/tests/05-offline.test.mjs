// Offline: Noor opened the app once (the service worker keeps the app, her
// record, programme and bookings); on a train without signal she opens it
// again and still sees her next session, marked "Offline — laatst bijgewerkt".

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn } from "./lib/harness.mjs";
import { plannedSessionsOfNoor } from "./lib/story.mjs";

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
  // A session ahead: the demo's next Tuesday, unless an earlier story (02-coach
  // holds it) used it; then Noor books the first free time.
  if (plannedSessionsOfNoor().length === 0) {
    const { csrfToken } = await (await context.request.get("/auth/session")).json();
    const { slots } = await (await context.request.get(`/v1/starters/${people.starter.id}/openSlots`)).json();
    const booked = await context.request.post(`/v1/starters/${people.starter.id}/bookings`, {
      headers: { "X-CSRF-Token": csrfToken },
      data: { coach: slots[0].coach, startTime: slots[0].startTime },
    });
    assert.equal(booked.status(), 201);
    await page.reload();
  }
  await page.locator(".next-session .next-day").waitFor();
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
