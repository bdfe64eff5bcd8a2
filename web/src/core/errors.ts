// Every failure the API can give, as a sentence a teacher understands and
// what to do next. Screens call `explain(error)` and show both lines; the
// server's own detail is only a fallback for reasons not listed here.

import { ApiError } from "./api.js";
import { defineMessages, hasMessage, t } from "./i18n.js";

defineMessages({
  nl: {
    "error.OFFLINE": "Je bent offline.",
    "error.OFFLINE.next": "Wat je al had, blijft zichtbaar. Probeer het opnieuw zodra je weer verbinding hebt.",
    "error.MINIMUM_NOTICE": "Dit tijdstip is te kort van tevoren.",
    "error.MINIMUM_NOTICE.next": "Kies een later moment; je coach heeft wat tijd nodig om zich voor te bereiden.",
    "error.BEYOND_HORIZON": "Zo ver vooruit kun je nog niet boeken.",
    "error.BEYOND_HORIZON.next": "Kies een moment dichterbij, of boek later dit jaar opnieuw.",
    "error.QUOTA_EXHAUSTED": "Je hebt alle coachingsgesprekken van dit jaar al gebruikt.",
    "error.QUOTA_EXHAUSTED.next": "Wil je toch een extra gesprek? Vraag het je coach of de coördinator op je school.",
    "error.SLOT_TAKEN": "Iemand anders heeft dit tijdstip net geboekt.",
    "error.SLOT_TAKEN.next": "De vrije tijden zijn bijgewerkt: kies een ander moment.",
    "error.STARTER_BUSY": "Je hebt op dat moment al een afspraak.",
    "error.STARTER_BUSY.next": "Kies een tijdstip waarop je nog niets hebt staan.",
    "error.DAY_FULL": "Je coach zit die dag al vol.",
    "error.DAY_FULL.next": "Kies een andere dag.",
    "error.TOO_LATE_TO_RESCHEDULE": "Dit gesprek kun je niet meer verzetten: het is te kort van tevoren.",
    "error.TOO_LATE_TO_RESCHEDULE.next": "Kun je niet komen? Annuleer het gesprek en laat het je coach weten; het telt dan als laat geannuleerd.",
    "error.ENROLMENT_NOT_OPEN": "Inschrijven voor deze activiteit kan nog niet.",
    "error.ENROLMENT_NOT_OPEN.next": "Kijk later nog eens; de inschrijving gaat binnenkort open.",
    "error.ENROLMENT_CLOSED": "De inschrijving voor deze activiteit is gesloten.",
    "error.ENROLMENT_CLOSED.next": "Vraag de organisator of er nog plek is, of kies een andere activiteit.",
    "error.ALREADY_ENROLLED": "Je bent al ingeschreven voor deze activiteit.",
    "error.ALREADY_ENROLLED.next": "Je inschrijving staat onder Activiteiten.",
    "error.AUDIENCE_MISMATCH": "Deze activiteit is niet voor jouw groep bedoeld.",
    "error.AUDIENCE_MISMATCH.next": "Kies een activiteit die bij jou past, of vraag de organisator om een uitzondering.",
    "error.SERIES_CAP_REACHED": "Je zit al aan het maximum aantal inschrijvingen voor deze reeks.",
    "error.SERIES_CAP_REACHED.next": "Schrijf je eerst uit voor een andere bijeenkomst van deze reeks.",
    "error.CANCELLATION_DEADLINE_PASSED": "Uitschrijven kan niet meer: de activiteit begint zo.",
    "error.CANCELLATION_DEADLINE_PASSED.next": "Laat de organisator weten dat je niet komt.",
    "error.CAPACITY_BELOW_ENROLLED": "Er zijn al meer deelnemers ingeschreven dan dit aantal plaatsen.",
    "error.CAPACITY_BELOW_ENROLLED.next": "Kies minstens zoveel plaatsen als er inschrijvingen zijn.",
    "error.NOT_ACTIVE": "Deze inschrijving loopt al niet meer.",
    "error.NOT_ACTIVE.next": "Ververs de pagina: je ziet dan hoe je inschrijving nu staat.",
    "error.ALREADY_EXISTS": "Dit bestaat al.",
    "error.ALREADY_EXISTS.next": "Ververs de pagina; misschien heeft iemand anders het net aangemaakt.",
    "error.VACANCY_INCOMPLETE": "De vacature is nog niet compleet.",
    "error.VACANCY_INCOMPLETE.next": "Vul de ontbrekende velden in en publiceer opnieuw.",
    "error.ETAG_MISMATCH": "Iemand anders heeft dit intussen gewijzigd.",
    "error.ETAG_MISMATCH.next": "De nieuwste versie staat nu op je scherm; doe je wijziging opnieuw.",
    "error.IDEMPOTENCY_KEY_IN_USE": "Je vorige klik wordt nog verwerkt.",
    "error.IDEMPOTENCY_KEY_IN_USE.next": "Wacht even en kijk dan of het gelukt is voordat je het opnieuw probeert.",
    "error.IDEMPOTENCY_KEY_REUSED": "Dit verzoek is al eerder met andere gegevens verstuurd.",
    "error.IDEMPOTENCY_KEY_REUSED.next": "Ververs de pagina en probeer het opnieuw.",
    "error.RATE_LIMITED": "Even rustig aan: er komen te veel verzoeken tegelijk binnen.",
    "error.RATE_LIMITED.next": "Probeer het over {seconds} seconden opnieuw.",
    "error.UNAVAILABLE": "Samen is even niet bereikbaar.",
    "error.UNAVAILABLE.next": "Probeer het over een minuut opnieuw.",
    "error.UNAUTHENTICATED": "Je bent uitgelogd.",
    "error.UNAUTHENTICATED.next": "Log opnieuw in; je komt dan terug op deze pagina.",
    "error.PERMISSION_DENIED": "Dit mag je niet bekijken of wijzigen.",
    "error.PERMISSION_DENIED.next": "Denk je dat dit wel zou moeten? Vraag de coördinator van je opleidingsschool.",
    "error.NOT_FOUND": "Dit bestaat niet (meer).",
    "error.NOT_FOUND.next": "Misschien is het net verwijderd. Ga terug en kijk opnieuw.",
    "error.INVALID_ARGUMENT": "Niet alles is goed ingevuld.",
    "error.INVALID_ARGUMENT.next": "Kijk de gemarkeerde velden na.",
    "error.FAILED_PRECONDITION": "Dit kan nu niet.",
    "error.FAILED_PRECONDITION.next": "Ververs de pagina en probeer het opnieuw.",
    "error.UNKNOWN": "Er ging iets mis.",
    "error.UNKNOWN.next": "Probeer het opnieuw. Blijft het misgaan, meld dan dit kenmerk: {reason}.",
  },
  en: {
    "error.OFFLINE": "You are offline.",
    "error.OFFLINE.next": "What you already had stays visible. Try again once you are connected.",
    "error.MINIMUM_NOTICE": "This time is too soon.",
    "error.MINIMUM_NOTICE.next": "Pick a later time; your coach needs a little time to prepare.",
    "error.BEYOND_HORIZON": "You cannot book that far ahead yet.",
    "error.BEYOND_HORIZON.next": "Pick a time closer by, or book again later this year.",
    "error.QUOTA_EXHAUSTED": "You have used all of this year's coaching sessions.",
    "error.QUOTA_EXHAUSTED.next": "Need one more? Ask your coach or your school's coordinator.",
    "error.SLOT_TAKEN": "Someone else just booked this time.",
    "error.SLOT_TAKEN.next": "The free times have been refreshed: pick another one.",
    "error.STARTER_BUSY": "You already have an appointment at that time.",
    "error.STARTER_BUSY.next": "Pick a time when you are free.",
    "error.DAY_FULL": "Your coach's day is full.",
    "error.DAY_FULL.next": "Pick another day.",
    "error.TOO_LATE_TO_RESCHEDULE": "It is too late to move this session.",
    "error.TOO_LATE_TO_RESCHEDULE.next": "Cannot make it? Cancel it and tell your coach; it counts as a late cancellation.",
    "error.ENROLMENT_NOT_OPEN": "Enrolment for this activity has not opened yet.",
    "error.ENROLMENT_NOT_OPEN.next": "Look again later; enrolment opens soon.",
    "error.ENROLMENT_CLOSED": "Enrolment for this activity has closed.",
    "error.ENROLMENT_CLOSED.next": "Ask the organiser whether there is room, or pick another activity.",
    "error.ALREADY_ENROLLED": "You are already enrolled in this activity.",
    "error.ALREADY_ENROLLED.next": "Your enrolment is listed under Activities.",
    "error.AUDIENCE_MISMATCH": "This activity is not meant for your group.",
    "error.AUDIENCE_MISMATCH.next": "Pick an activity that suits you, or ask the organiser for an exception.",
    "error.SERIES_CAP_REACHED": "You have reached the most enrolments allowed in this series.",
    "error.SERIES_CAP_REACHED.next": "Withdraw from another meeting of this series first.",
    "error.CANCELLATION_DEADLINE_PASSED": "It is too late to withdraw: the activity starts soon.",
    "error.CANCELLATION_DEADLINE_PASSED.next": "Let the organiser know you cannot come.",
    "error.CAPACITY_BELOW_ENROLLED": "More people are enrolled than this number of places.",
    "error.CAPACITY_BELOW_ENROLLED.next": "Choose at least as many places as there are enrolments.",
    "error.NOT_ACTIVE": "This enrolment has already ended.",
    "error.NOT_ACTIVE.next": "Refresh the page to see where your enrolment stands now.",
    "error.ALREADY_EXISTS": "This already exists.",
    "error.ALREADY_EXISTS.next": "Refresh the page; someone else may just have created it.",
    "error.VACANCY_INCOMPLETE": "The vacancy is not complete yet.",
    "error.VACANCY_INCOMPLETE.next": "Fill in the missing fields and publish again.",
    "error.ETAG_MISMATCH": "Someone else changed this in the meantime.",
    "error.ETAG_MISMATCH.next": "The latest version is on your screen now; make your change again.",
    "error.IDEMPOTENCY_KEY_IN_USE": "Your previous click is still being handled.",
    "error.IDEMPOTENCY_KEY_IN_USE.next": "Wait a moment and check whether it worked before trying again.",
    "error.IDEMPOTENCY_KEY_REUSED": "This request was sent before with different details.",
    "error.IDEMPOTENCY_KEY_REUSED.next": "Refresh the page and try again.",
    "error.RATE_LIMITED": "Slow down: too many requests at once.",
    "error.RATE_LIMITED.next": "Try again in {seconds} seconds.",
    "error.UNAVAILABLE": "Samen cannot be reached right now.",
    "error.UNAVAILABLE.next": "Try again in a minute.",
    "error.UNAUTHENTICATED": "You have been signed out.",
    "error.UNAUTHENTICATED.next": "Sign in again; you will come back to this page.",
    "error.PERMISSION_DENIED": "You may not see or change this.",
    "error.PERMISSION_DENIED.next": "Think you should? Ask your partnership's coordinator.",
    "error.NOT_FOUND": "This does not exist (any more).",
    "error.NOT_FOUND.next": "It may just have been removed. Go back and look again.",
    "error.INVALID_ARGUMENT": "Not everything is filled in correctly.",
    "error.INVALID_ARGUMENT.next": "Check the highlighted fields.",
    "error.FAILED_PRECONDITION": "This is not possible right now.",
    "error.FAILED_PRECONDITION.next": "Refresh the page and try again.",
    "error.UNKNOWN": "Something went wrong.",
    "error.UNKNOWN.next": "Try again. If it keeps happening, report this reference: {reason}.",
  },
});

export interface Explanation {
  // What happened, in one sentence.
  message: string;
  // What to do next.
  next: string;
  // The server's own words where they add something (field problems).
  details: string[];
  retryAfter: number;
}

const statusReasons: Record<number, string> = {
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  412: "ETAG_MISMATCH",
  429: "RATE_LIMITED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "UNAVAILABLE",
};

export function explain(error: unknown): Explanation {
  if (!(error instanceof ApiError)) {
    console.error(error);
    return { message: t("error.UNKNOWN"), next: t("error.UNKNOWN.next", { reason: String(error) }), details: [], retryAfter: 0 };
  }
  const seconds = error.retryAfter || 30;
  const candidates = [error.reason, statusReasons[error.status] ?? "", error.status === 400 ? "INVALID_ARGUMENT" : ""];
  const reason = candidates.find((candidate) => candidate && hasMessage(`error.${candidate}`)) ?? "UNKNOWN";
  const details = error.fieldViolations.map((violation) => violation.description);
  if (reason === "INVALID_ARGUMENT" && details.length === 0 && error.detail) {
    details.push(error.detail);
  }
  return {
    message: t(`error.${reason}`),
    next: t(`error.${reason}.next`, { seconds, reason: error.reason || String(error.status) }),
    details,
    retryAfter: error.status === 429 ? seconds : 0,
  };
}
