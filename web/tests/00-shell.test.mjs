// The shell before anyone has signed in and right after: the welcome page in
// Dutch, sign-in through the school's provider, the account page, English,
// signing out at Samen and at the provider.

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

test("the welcome page asks to sign in, in Dutch", async () => {
  const { context, page } = await newPhone(browser);
  const response = await page.goto("/");
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-security-policy"] ?? "", /script-src 'self'/);
  await page.getByRole("heading", { name: "Welkom bij Samen" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  await screen(page, "00-welkom");
  // The one expected complaint: GET /auth/session says 401 (nobody signed in).
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("a deep link survives signing in, the account page shows the roles, English and back, sign out", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/account");
  assert.equal(new URL(page.url()).pathname, "/account");
  // A phone's tab bar has room for five; the account is in the app bar.
  assert.ok((await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link").count()) <= 5);
  await page.getByRole("heading", { name: "Mijn account" }).waitFor();
  await page.getByText("Startende leraar").waitFor();
  await screen(page, "00-account");

  await page.getByRole("button", { name: "English", exact: true }).click();
  await page.getByRole("heading", { name: "My account" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.getByRole("button", { name: "Nederlands", exact: true }).click();
  await page.getByRole("heading", { name: "Mijn account" }).waitFor();

  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL((url) => url.pathname.includes("session/end") || url.pathname === "/");
  if (new URL(page.url()).pathname !== "/") {
    await page.getByRole("button", { name: "Ja, uitloggen" }).click();
  }
  await page.goto("/");
  await page.getByRole("heading", { name: "Welkom bij Samen" }).waitFor();
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});
