// What the browser stories share: Debian's Chromium through playwright-core
// (never a downloaded browser), a phone (390×844, touch, Dutch, Amsterdam
// time), signing in through the real identity provider's form, a screenshot
// and an axe-core check of every screen, and SQL against the stack's own
// databases for what only time can do (a session that is now close by).
//
// Run by tests/e2e/web/app_browser_test (ctest), which starts the stack and
// sets SAMEN_APP_URL, SAMEN_IDP_URL, SAMEN_SCREENSHOT_DIR and SAMEN_DB_*.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";

export const appUrl = process.env.SAMEN_APP_URL ?? "http://localhost:8080";
export const screenshotDir = process.env.SAMEN_SCREENSHOT_DIR ?? "/tmp/samen-web-screenshots";
export const demoPassword = process.env.SAMEN_IDP_PASSWORD ?? "demo";

// The demo people (db/demo/partners.sql, idp/demo-accounts.json).
export const people = {
  starter: { id: "starter-noor", email: "noor.jansen@almerecollege.example", name: "Noor Jansen (demo)" },
  coach: { id: "coach-ilse", email: "ilse.smit@almerecollege.example" },
  hr: { id: "hr-almere", email: "ruben.dekker@almerecollege.example" },
  coordinator: { id: "coord-osof", email: "femke.devries@osof.example", name: "Femke de Vries (demo)" },
  starterDaan: { id: "starter-daan", email: "daan.visser@svol.example", name: "Daan Visser (demo)" },
  student: { id: "student-jesse", email: "jesse.vandijk@student.hva.example", name: "Jesse van Dijk (demo)" },
};

export const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "nl-NL",
  timezoneId: "Europe/Amsterdam",
  userAgent:
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.SAMEN_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-dev-shm-usage"],
  });
}

// A fresh phone (own cookies, own service worker) with its console errors
// collected in `page.errors` (a story can assert there are none).
export async function newPhone(browser, options = {}) {
  const context = await browser.newContext({ ...phone, baseURL: appUrl, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") {
      page.errors.push(message.text());
    }
  });
  return { context, page };
}

// Signs `person` in the way a teacher does: the app's button, the school's
// login page, back in the app.
export async function signIn(page, person, path = "/") {
  await page.goto(path);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/interaction/"));
  await page.getByLabel(/e-mail/i).fill(person.email);
  await page.getByLabel(/wachtwoord/i).fill(demoPassword);
  await page.getByRole("button", { name: /inloggen/i }).click();
  await page.waitForURL((url) => url.origin === new URL(appUrl).origin && !url.pathname.startsWith("/auth/"));
  await page.locator("main h1").first().waitFor();
}

// Saves a screenshot of the whole screen as <name>.png.
export async function shot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

// axe-core (WCAG 2.0–2.2 A and AA, best practices): no serious or critical
// violation on the screen as it is now.
export async function checkAccessibility(page, name) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`),
    [],
    `accessibility problems on ${name}`,
  );
}

// A screen the story has reached: screenshot plus accessibility check.
export async function screen(page, name) {
  await page.waitForLoadState("networkidle");
  await shot(page, name);
  await checkAccessibility(page, name);
}

// Runs SQL against the stack's database of `service` (e.g. "induction") and
// returns the rows as tab-separated text.
export function sql(service, statement) {
  return execFileSync(
    "mariadb",
    [
      `--host=${process.env.SAMEN_DB_HOST ?? "127.0.0.1"}`,
      `--port=${process.env.SAMEN_DB_PORT ?? "3306"}`,
      `--user=${process.env.SAMEN_DB_USER ?? "samen"}`,
      `--password=${process.env.SAMEN_DB_PASSWORD ?? ""}`,
      "--batch",
      "--skip-column-names",
      `${process.env.SAMEN_DB_PREFIX ?? ""}${service}`,
      "-e",
      statement,
    ],
    { encoding: "utf8" },
  );
}
