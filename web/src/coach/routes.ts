import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The navigation's words load with the routes, before any screen's code.
defineMessages({
  nl: { "nav.coachWeek": "De week", "nav.coachAvailability": "Beschikbaar", "nav.coachStarters": "Starters" },
  en: { "nav.coachWeek": "The week", "nav.coachAvailability": "Availability", "nav.coachStarters": "Starters" },
});

// The coach's screens: the week, one session (with notes), one lesson visit
// or intervision meeting, availability and their starters.
export const area: Area = {
  role: "coach",
  home: "/coach",
  routes: [
    { path: "/coach", tag: "samen-coach-week", load: () => import("./week.js"), roles: ["coach"], nav: "nav.coachWeek", icon: "calendar" },
    { path: "/coach/gesprekken/:starter/:booking", tag: "samen-coach-session", load: () => import("./session.js"), roles: ["coach"] },
    { path: "/coach/bijeenkomsten/:event", tag: "samen-coach-event", load: () => import("./event.js"), roles: ["coach"] },
    { path: "/coach/beschikbaarheid", tag: "samen-coach-availability", load: () => import("./availability.js"), roles: ["coach"], nav: "nav.coachAvailability", icon: "list" },
    { path: "/coach/starters", tag: "samen-coach-starters", load: () => import("./starters.js"), roles: ["coach"], nav: "nav.coachStarters", icon: "person" },
  ],
};
