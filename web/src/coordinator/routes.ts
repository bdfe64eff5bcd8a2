import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The navigation's label: here, because the navigation shows before a screen's code loads.
defineMessages({
  nl: { "nav.coordinator": "Coördinatie" },
  en: { "nav.coordinator": "Coordination" },
});

// The coordinator's screens: one entry in the navigation, the others are
// reached from the overview and the links under each heading.
export const area: Area = {
  role: "coordinator",
  home: "/coordinatie",
  routes: [
    { path: "/coordinatie", tag: "samen-coord-overview", load: () => import("./overview.js"), roles: ["coordinator"], nav: "nav.coordinator", icon: "briefcase" },
    { path: "/coordinatie/leden", tag: "samen-coord-members", load: () => import("./members.js"), roles: ["coordinator"] },
    { path: "/coordinatie/organisaties", tag: "samen-coord-organisations", load: () => import("./organisations.js"), roles: ["coordinator"] },
    { path: "/coordinatie/activiteiten", tag: "samen-coord-activities", load: () => import("./activities.js"), roles: ["coordinator"] },
    { path: "/coordinatie/activiteiten/:activity", tag: "samen-coord-activity", load: () => import("./activity.js"), roles: ["coordinator"] },
    { path: "/coordinatie/vacatures", tag: "samen-coord-vacancies", load: () => import("./vacancies.js"), roles: ["coordinator"] },
  ],
};
