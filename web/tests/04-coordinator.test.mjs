// The coordinator and the people who take part: coordinator Femke (OSOF)
// creates an activity with one place for her partnership; starter Daan (SVOL
// Porteum Havo) takes that place; starter Noor (Almere College Dronten) finds
// the activity, enrols and is told she is on the waitlist, with her place;
// Femke sees both, gives the activity a second place (Noor moves up) and
// downloads the sign-in sheet; then her people, organisations and vacancies
// (a draft says what HR still has to fill in before it can be published).
// Runs after the starter, coach and HR stories on the same stack, and alone.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, newPhone, people, screen, signIn } from "./lib/harness.mjs";

// A new title on every run, so the story also passes on a stack it ran on before.
const title = `Vaardighedenlab klassenmanagement ${Date.now().toString(36)}`;

// A day two weeks ahead, in Amsterdam, as the date input wants it.
function dayAhead(days) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date(Date.now() + days * 86_400_000));
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const coordinatorNav = (page) => page.getByRole("navigation", { name: "Onderdelen van coördinatie" });

test("the coordinator lands on her partnership and creates an activity with one place", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coordinator, "/");
  assert.equal(new URL(page.url()).pathname, "/coordinatie");
  await page.getByRole("heading", { level: 1, name: "Coördinatie" }).waitFor();
  await page.getByRole("heading", { name: "Opleidingsschool Oostelijk Flevoland" }).waitFor();
  await screen(page, "04-coordinatie");

  await coordinatorNav(page).getByRole("link", { name: "Activiteiten" }).click();
  await page.getByRole("heading", { level: 1, name: "Activiteiten van het partnerschap" }).waitFor();
  await page.getByRole("button", { name: "Nieuwe activiteit" }).click();

  // A form that is not complete: the field says what is missing, nothing typed is lost.
  await page.getByLabel("Titel", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Activiteit aanmaken" }).click();
  await page.getByText("Niet alles is goed ingevuld").waitFor();
  assert.equal(await page.getByLabel("Soort activiteit").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByLabel("Titel", { exact: true }).inputValue(), title);
  await screen(page, "04-coordinatie-activiteit-fout");

  await page.getByLabel("Soort activiteit").selectOption("SKILLS_LAB");
  await page.getByLabel("Omschrijving").fill("Oefenen met de start van de les en afspraken in de klas.");
  await page.getByLabel("Startende leraren").check();
  await page.getByLabel("Thema's").fill("klassenmanagement");
  await page.getByLabel("Datum").fill(dayAhead(14));
  await page.getByLabel("Begintijd").fill("15:30");
  await page.getByLabel("Eindtijd").fill("17:00");
  await page.getByLabel("Locatie").selectOption("organisations/almere-college-dronten");
  await page.getByLabel("Lokaal, adres of link").fill("Lokaal 2.04");
  await page.getByLabel("Aantal plaatsen").fill("1");
  await page.getByLabel("Uren voor het ontwikkeloverzicht").fill("1.5");
  await screen(page, "04-coordinatie-nieuwe-activiteit");
  await page.getByRole("button", { name: "Activiteit aanmaken" }).click();

  await page.getByText(`${title} is aangemaakt`).waitFor();
  await page.getByRole("link", { name: title }).waitFor();
  await screen(page, "04-coordinatie-activiteiten");
  // Before signing in, the app asks who is there: 401.
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("another starter takes the one place", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starterDaan, "/activiteiten");
  await page.getByRole("heading", { level: 1, name: "Activiteiten" }).waitFor();
  await page.getByText(/\d+ activiteit/).first().waitFor();
  await page.getByLabel("Zoekwoorden").fill(title);
  await page.getByRole("button", { name: "Zoeken", exact: true }).click();
  await page.getByRole("heading", { name: title }).waitFor();
  await page.getByText("Nog 1 van 1 plaatsen vrij").waitFor();
  await page.getByRole("button", { name: `Inschrijven voor ${title}` }).click();
  await page.getByText(`Je bent ingeschreven voor ${title}.`).waitFor();
  const mine = page.locator(".activity-card.mine", { has: page.getByRole("heading", { name: title }) });
  await mine.getByText("Jouw inschrijving: Ingeschreven").waitFor();
  // Before signing in, the app asks who is there: 401.
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("Noor finds the activity, enrols and is on the waitlist with her place", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starter, "/activiteiten");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Activiteiten" }).waitFor();
  await page.getByText(/\d+ activiteit/).first().waitFor();
  await page.getByLabel("Zoekwoorden").fill(title);
  await page.getByRole("button", { name: "Zoeken", exact: true }).click();
  const card = page.locator(".activity-card:not(.mine)", { has: page.getByRole("heading", { name: title }) });
  await card.getByText("Vol", { exact: true }).waitFor();
  await screen(page, "04-activiteiten");
  await card.getByRole("button", { name: "Op de wachtlijst zetten" }).click();
  await page.getByText("Je staat op de wachtlijst, plaats 1.").waitFor();
  const mine = page.locator(".activity-card.mine", { has: page.getByRole("heading", { name: title }) });
  await mine.getByText("Jouw inschrijving: Wachtlijst, plaats 1").waitFor();
  await screen(page, "04-activiteiten-wachtlijst");

  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Ontwikkeling" }).click();
  await page.getByRole("heading", { level: 1, name: "Mijn ontwikkeling" }).waitFor();
  await page.getByRole("heading", { name: "Totaal" }).waitFor();
  await screen(page, "04-ontwikkeling");
  // Before signing in, the app asks who is there: 401.
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("the coordinator sees place and waitlist, adds a place, downloads the sign-in sheet", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coordinator, "/coordinatie/activiteiten");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  const group = (name) => page.locator("section.enrolment-group", { has: page.getByRole("heading", { name }) });
  const participants = group(/^Deelnemers/);
  const waitlist = group(/^Wachtlijst/);
  await participants.getByText(people.starterDaan.name).waitFor();
  await waitlist.getByText(people.starter.name).waitFor();
  await screen(page, "04-coordinatie-activiteit");

  await page.getByLabel("Aantal plaatsen").fill("2");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Het aantal plaatsen is nu 2.").waitFor();
  await participants.getByText(people.starter.name).waitFor();
  await page.getByRole("heading", { name: "Wachtlijst (0)" }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Presentielijst downloaden (CSV)" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^presentielijst-.*\.csv$/);
  await screen(page, "04-coordinatie-activiteit-2-plaatsen");
  // Before signing in, the app asks who is there: 401.
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("the coordinator's people, organisations and vacancies", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.coordinator, "/coordinatie");
  await coordinatorNav(page).getByRole("link", { name: "Mensen" }).click();
  await page.getByRole("heading", { level: 1, name: "Mensen in het partnerschap" }).waitFor();
  await page.getByRole("heading", { name: /Startende leraren/ }).waitFor();
  await page.getByText(people.starter.name).first().waitFor();
  await screen(page, "04-coordinatie-leden");

  await coordinatorNav(page).getByRole("link", { name: "Organisaties" }).click();
  await page.getByRole("heading", { level: 1, name: "Organisaties" }).waitFor();
  await page.getByText("Almere College Dronten").first().waitFor();
  await screen(page, "04-coordinatie-organisaties");

  await coordinatorNav(page).getByRole("link", { name: "Vacatures" }).click();
  await page.getByRole("heading", { level: 1, name: "Vacatures" }).waitFor();
  // Coordinators read vacancies; HR of the school drafts and publishes them.
  await page.getByText("HR van de school stelt ze op, publiceert en sluit ze").waitFor();
  const draft = page.locator("li", { hasText: "Docent geschiedenis (concept)" });
  await draft.getByText(/Nog nodig om te publiceren: .*hoe te solliciteren/).waitFor();
  assert.equal(await page.getByRole("button", { name: /Publiceren/ }).count(), 0);
  await screen(page, "04-coordinatie-vacatures");
  // Before signing in, the app asks who is there: 401.
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("Daan withdraws before the deadline, after saying yes twice", async () => {
  const { context, page } = await newPhone(browser);
  await signIn(page, people.starterDaan, "/activiteiten");
  const mine = page.locator(".activity-card.mine", { has: page.getByRole("heading", { name: title }) });
  await mine.getByText(/Uitschrijven kan tot en met/).waitFor();
  await mine.getByRole("button", { name: "Uitschrijven" }).click();
  await mine.getByText(`Weet je zeker dat je je uitschrijft voor ${title}?`).waitFor();
  await screen(page, "04-activiteiten-uitschrijven");
  await mine.getByRole("button", { name: "Ja, uitschrijven" }).click();
  await page.getByText(`Je bent uitgeschreven voor ${title}.`).waitFor();
  assert.equal(await mine.count(), 0);
  assert.deepEqual(page.errors.filter((e) => !e.includes("401")), []);
  await context.close();
});
