// The starter's story on a phone: Noor signs in and lands on Vandaag, books a
// coaching session in two taps, sees it on Vandaag, moves it, and — once time
// has brought it within the programme's cancellation notice (24 hours) — is
// told before confirming that cancelling now counts as late, cancels, and sees
// it counted. Then her calendar link (webcal: and a QR code, revoked again),
// who read her record (after HR did), and the vacancies for her.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { newPhone, launch, people, screen, signIn, sql } from "./lib/harness.mjs";
import { beforeSignIn } from "./lib/story.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// What only time can do: the booking's start moves to a few hours from now,
// inside the cancellation notice, as if the days until it had passed.
function shiftStartToWithinTheNext24Hours(bookingId) {
  sql(
    "induction",
    `UPDATE calendar_entries
        SET start_time = TIMESTAMP(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 3 HOUR, '%Y-%m-%d %H:00:00')),
            end_time = TIMESTAMP(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 3 HOUR, '%Y-%m-%d %H:00:00')) + INTERVAL 45 MINUTE
      WHERE id = '${bookingId.replace(/[^a-zA-Z0-9-]/g, "")}'`,
  );
}

async function usageLine(page) {
  await page.goto("/");
  const line = page.locator(".usage-text");
  await line.waitFor();
  return (await line.textContent()).trim();
}

test("Noor books, moves and late-cancels a coaching session", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/");
  assert.equal(new URL(page.url()).pathname, "/");
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await page.getByRole("heading", { name: "Je volgende gesprek" }).waitFor();
  await page.locator(".usage-text").waitFor();
  await screen(page, "01-vandaag");

  // Two taps: a time, then "Boeken".
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Boeken" }).click();
  await page.getByRole("heading", { level: 1, name: "Gesprek boeken" }).waitFor();
  const first = page.locator("samen-slot-picker .slot").first();
  await first.waitFor();
  await screen(page, "01-boeken");
  const label = await first.getAttribute("aria-label"); // "maandag 7 december, 09:00–09:45"
  const [day, times] = label.split(", ");
  await first.click();
  const confirm = page.getByRole("dialog", { name: "Gesprek boeken?" });
  await confirm.waitFor();
  assert.match(await confirm.textContent(), new RegExp(times.replace("–", ".")));
  await screen(page, "01-boeken-bevestigen");
  await confirm.getByRole("button", { name: "Boeken", exact: true }).click();
  await page.getByText(/^Geboekt: /).waitFor();
  // The booked time is no longer offered.
  assert.equal(await page.locator(`samen-slot-picker .slot[aria-label="${label}"]`).count(), 0);
  await screen(page, "01-geboekt");

  // On Vandaag.
  await page.getByRole("link", { name: "Naar Vandaag" }).click();
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  const booked = page.getByRole("link", { name: new RegExp(`${day}.*${times.replace("–", ".")}`) }).first();
  await booked.waitFor();
  await booked.click();
  await page.getByRole("heading", { level: 1, name: "Coachingsgesprek" }).waitFor();
  const bookingId = new URL(page.url()).pathname.split("/").pop();
  await page.getByText("Alleen jij en je coach kunnen deze notities lezen.", { exact: false }).waitFor();
  await screen(page, "01-gesprek");

  // Move it to another free time.
  await page.getByRole("button", { name: "Verzetten", exact: true }).click();
  await page.getByRole("heading", { name: "Verzetten naar een andere tijd" }).waitFor();
  const other = page.locator("samen-slot-picker .slot").first();
  await other.waitFor();
  const newLabel = await other.getAttribute("aria-label");
  await other.click();
  const move = page.getByRole("dialog", { name: "Gesprek verzetten?" });
  await move.waitFor();
  await screen(page, "01-verzetten");
  await move.getByRole("button", { name: "Verzetten", exact: true }).click();
  await page.getByText(/^Verzet naar /).waitFor();
  assert.match(await page.locator(".session-result").textContent(), new RegExp(newLabel.split(", ")[0]));
  await screen(page, "01-verzet");

  // Private notes: only Noor and her coach.
  await page.getByLabel("Nieuwe notitie").fill("Voor het gesprek: hoe ik de mentorles in 2B aanpak.");
  await page.getByRole("button", { name: "Notitie opslaan" }).click();
  await page.getByText("Notitie opgeslagen.").waitFor();
  await page.getByText("Voor het gesprek: hoe ik de mentorles in 2B aanpak.").waitFor();

  const usedBefore = await usageLine(page);

  shiftStartToWithinTheNext24Hours(bookingId);
  await page.goto(`/gesprekken/${bookingId}`);
  await page.getByRole("heading", { level: 1, name: "Coachingsgesprek" }).waitFor();
  await page.getByRole("button", { name: "Annuleren", exact: true }).click();
  // Before confirming: it will count.
  await page.getByText("Dit telt als een late annulering: het gesprek gaat van je tegoed af.").waitFor();
  await screen(page, "01-annuleren-laat");
  // Moving is no longer possible either, and the app says so before trying.
  await page.getByRole("button", { name: "Verzetten", exact: true }).click();
  await page.getByText(/Verzetten kan niet meer/).waitFor();
  await page.getByRole("button", { name: "Annuleren", exact: true }).click();
  await page.getByRole("button", { name: "Gesprek annuleren" }).click();
  await page.getByText("Schrijf kort waarom je annuleert.").waitFor();
  await page.getByLabel("Waarom annuleer je?").fill("Ouderavond verschoven naar vanmiddag.");
  await page.getByRole("button", { name: "Gesprek annuleren" }).click();
  await page.getByText("Het gesprek is geannuleerd.").waitFor();
  await page.getByText("Dit was een late annulering: het gesprek telt mee voor je tegoed van dit jaar.").waitFor();
  await page.getByText("Geannuleerd", { exact: true }).waitFor();
  await screen(page, "01-geannuleerd-laat");

  // Counted: the sessions used did not go down.
  assert.equal(await usageLine(page), usedBefore);
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("when someone was quicker, the refusal says so and the free times are fetched again", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/boeken");
  const first = page.locator("samen-slot-picker .slot").first();
  await first.waitFor();
  const label = await first.getAttribute("aria-label");
  await first.click();
  const confirm = page.getByRole("dialog", { name: "Gesprek boeken?" });
  await confirm.waitFor();

  // Meanwhile the same time is booked from another phone.
  const other = await newPhone(browser);
  await signIn(other.page, people.starter, "/account");
  const { csrfToken } = await (await other.context.request.get("/auth/session")).json();
  const slots = await (await other.context.request.get(`/v1/starters/${people.starter.id}/openSlots`)).json();
  const taken = await other.context.request.post(`/v1/starters/${people.starter.id}/bookings`, {
    headers: { "X-CSRF-Token": csrfToken },
    data: { coach: slots.slots[0].coach, startTime: slots.slots[0].startTime },
  });
  assert.equal(taken.status(), 201);

  await confirm.getByRole("button", { name: "Boeken", exact: true }).click();
  const alert = page.getByRole("alert");
  await alert.getByText("Iemand anders heeft dit tijdstip net geboekt.").waitFor();
  await alert.getByText("De vrije tijden zijn bijgewerkt: kies een ander moment.").waitFor();
  await page.locator("samen-slot-picker .slot").first().waitFor();
  assert.equal(await page.locator(`samen-slot-picker .slot[aria-label="${label}"]`).count(), 0);
  await screen(page, "01-boeken-bezet");

  // The other phone cancels in time again (it does not count).
  const { name } = await taken.json();
  const cancelled = await other.context.request.post(`/v1/${name}:cancel`, {
    headers: { "X-CSRF-Token": csrfToken },
    data: { reason: "Dubbel geboekt" },
  });
  assert.equal(cancelled.status(), 200);
  assert.notEqual((await cancelled.json()).lateCancellation, true);
  await other.context.close();
  // The refused booking is answered 409 (SLOT_TAKEN).
  assert.deepEqual(page.errors.filter(beforeSignIn).filter((e) => !e.includes("status of 409")), []);
  await context.close();
});

test("Noor's calendar link: webcal and a QR code, a working feed, revoked", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Agenda" }).click();
  await page.getByRole("heading", { level: 1, name: "Gesprekken in je agenda" }).waitFor();
  await page.getByRole("button", { name: "Maak een agenda-link" }).click();
  const add = page.getByRole("link", { name: "Toevoegen aan mijn agenda" });
  await add.waitFor();
  const webcal = await add.getAttribute("href");
  assert.match(webcal, /^webcal:\/\/[^/]+\/v1\/calendarFeeds\/starter-noor\/events\.ics\?token=/);
  await page.getByRole("img", { name: "QR-code van je agenda-link" }).locator("svg").waitFor();
  await screen(page, "01-agenda");

  const feed = webcal.replace(/^webcal:/, new URL(page.url()).protocol);
  const ics = await context.request.get(feed);
  assert.equal(ics.status(), 200);
  assert.match(await ics.text(), /BEGIN:VCALENDAR/);

  await page.getByRole("button", { name: "Link intrekken" }).click();
  await page.getByText(/De link is ingetrokken/).waitFor();
  assert.notEqual((await context.request.get(feed)).status(), 200);
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("Noor sees that HR read her record, and the vacancies for her", async () => {
  // HR of her school looks at her record (the employer line: that, not what).
  const hr = await newPhone(browser);
  await signIn(hr.page, people.hr, "/account");
  assert.equal((await hr.context.request.get(`/v1/starters/${people.starter.id}`)).status(), 200);
  await hr.context.close();

  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/");
  await page.getByRole("link", { name: "Wie heeft mijn gegevens ingezien?" }).click();
  await page.getByRole("heading", { level: 1, name: "Wie heeft mijn gegevens ingezien?" }).waitFor();
  await page.locator(".access-list li").first().waitFor();
  assert.match(await page.locator(".access-list").textContent(), /HR/);
  await screen(page, "01-inzage");

  await page.goto("/");
  await page.getByRole("link", { name: "Vacatures voor jou" }).click();
  await page.getByRole("heading", { level: 1, name: "Vacatures voor jou" }).waitFor();
  await page.locator(".vacancy-list, .empty").first().waitFor();
  await screen(page, "01-vacatures");
  assert.deepEqual(page.errors.filter(beforeSignIn), []);
  await context.close();
});

test("Vandaag also lists Noor's coming lesson visit", async () => {
  // The demo's lesson visit lies in the past: plan one eight weeks ahead (far
  // enough not to touch the free times or the coach's week the stories use).
  sql(
    "induction",
    `INSERT INTO calendar_entries (id, kind, coach_id, starter_id, title, start_time, end_time, state,
       programme_year, late_cancellation, cancel_reason, cancelled_by, location, online_link, ical_uid,
       sequence, request_id, version, create_time, update_time)
     VALUES ('estory-noor-visit', 2, 'coach-ilse', 'starter-noor', 'Lesbezoek 3A Nederlands',
       TIMESTAMP(CURDATE() + INTERVAL 56 DAY, '10:00:00'), TIMESTAMP(CURDATE() + INTERVAL 56 DAY, '10:50:00'), 1,
       1, FALSE, '', NULL, 'Almere College Dronten, lokaal 3.01', '', 'estory-noor-visit@induction.samen.dev',
       0, NULL, 1, NOW(6), NOW(6));
     INSERT INTO entry_participants (entry_id, person_id, role) VALUES
       ('estory-noor-visit', 'coach-ilse', 1), ('estory-noor-visit', 'starter-noor', 2);`,
  );
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Lesbezoeken en intervisie" }) });
  await card.getByText("Lesbezoek 3A Nederlands").waitFor();
  await card.getByText("lokaal 3.01").waitFor();
  await screen(page, "01-vandaag-lesbezoek");
  await context.close();
});
