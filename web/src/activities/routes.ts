import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The navigation's labels: here, because the navigation shows before a screen's code loads.
defineMessages({
  nl: { "nav.activities": "Activiteiten", "nav.development": "Ontwikkeling" },
  en: { "nav.activities": "Activities", "nav.development": "Development" },
});

// Everyone who takes part in professionalisation (docs/security.md): the
// roles whose tokens can match an activity's audience, and coordinators
// (school leaders).
const participants = ["starter", "student", "mentor", "school_educator", "institute_educator", "coach", "coordinator"];

export const area: Area = {
  role: "",
  home: "/activiteiten",
  routes: [
    { path: "/activiteiten", tag: "samen-activities", load: () => import("./activities.js"), roles: participants, nav: "nav.activities", icon: "star" },
    { path: "/ontwikkeling", tag: "samen-development", load: () => import("./development.js"), roles: participants, nav: "nav.development", icon: "list" },
  ],
};
