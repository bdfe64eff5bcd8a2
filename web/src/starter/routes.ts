// The starter's area: today and the next session, booking, one session (move,
// cancel, private notes), the calendar feed, who read the record, vacancies.
// Three of these are in the tab bar; the rest are reached from "Vandaag".

import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The tab bar's labels are needed before any screen's code is loaded.
defineMessages({
  nl: { "nav.today": "Vandaag", "nav.book": "Boeken", "nav.calendar": "Agenda" },
  en: { "nav.today": "Today", "nav.book": "Book", "nav.calendar": "Calendar" },
});

export const area: Area = {
  role: "starter",
  home: "/",
  routes: [
    { path: "/", tag: "samen-starter-home", load: () => import("./home.js"), roles: ["starter"], nav: "nav.today", icon: "home" },
    { path: "/boeken", tag: "samen-starter-book", load: () => import("./book.js"), roles: ["starter"], nav: "nav.book", icon: "plus" },
    { path: "/gesprekken/:booking", tag: "samen-starter-session", load: () => import("./session.js"), roles: ["starter"] },
    { path: "/agenda", tag: "samen-starter-calendar", load: () => import("./calendar.js"), roles: ["starter"], nav: "nav.calendar", icon: "calendar" },
    { path: "/inzage", tag: "samen-starter-access", load: () => import("./access.js"), roles: ["starter"] },
    { path: "/vacatures", tag: "samen-starter-vacancies", load: () => import("./vacancies.js"), roles: ["starter"] },
  ],
};
