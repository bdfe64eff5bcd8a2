// Signs a demo person in the way a teacher does (the app's button, the local
// identity provider's form, back in the app) with playwright-core from
// web/node_modules driving Debian's Chromium, and prints the session cookie
// as a Cookie header value for Lighthouse's --extra-headers.
//
//   node bench/lighthouse/sign-in.mjs APP_URL EMAIL [PASSWORD]

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "../../web");
const { chromium } = createRequire(join(web, "package.json"))("playwright-core");

const [appUrl, email, password = process.env.SAMEN_IDP_PASSWORD ?? "demo"] = process.argv.slice(2);
if (!appUrl || !email) {
  console.error("usage: sign-in.mjs APP_URL EMAIL [PASSWORD]");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ baseURL: appUrl, locale: "nl-NL", timezoneId: "Europe/Amsterdam" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/interaction/"));
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/wachtwoord/i).fill(password);
  await page.getByRole("button", { name: /inloggen/i }).click();
  await page.waitForURL((url) => url.origin === new URL(appUrl).origin && !url.pathname.startsWith("/auth/"));
  await page.locator("main h1").first().waitFor();
  const cookies = await context.cookies(appUrl);
  const session = cookies.filter((cookie) => cookie.name.includes("samen_session"));
  if (session.length === 0) {
    throw new Error(`no session cookie after signing in (cookies: ${cookies.map((c) => c.name).join(", ")})`);
  }
  console.log(session.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "));
} finally {
  await browser.close();
}
