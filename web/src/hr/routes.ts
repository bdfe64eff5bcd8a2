import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The navigation's words load with the routes, before any screen's code.
defineMessages({
  nl: { "nav.hrStarters": "Starters", "nav.hrVacancies": "Vacatures" },
  en: { "nav.hrStarters": "Starters", "nav.hrVacancies": "Vacancies" },
});

// HR's screens: the employer line only — that guidance happens (sessions,
// visits, last contact, at-risk flags), never coaching content. Nothing here
// links to a session or its notes. And the school's vacancies: HR drafts,
// publishes and closes them (the Vacancies API).
export const area: Area = {
  role: "hr",
  home: "/hr",
  routes: [
    { path: "/hr", tag: "samen-hr-starters", load: () => import("./starters.js"), roles: ["hr"], nav: "nav.hrStarters", icon: "briefcase" },
    { path: "/hr/vacatures", tag: "samen-hr-vacancies", load: () => import("./vacancies.js"), roles: ["hr"], nav: "nav.hrVacancies", icon: "list" },
    // "nieuw" before ":vacancy": the first route that matches wins.
    { path: "/hr/vacatures/nieuw", tag: "samen-hr-vacancy", load: () => import("./vacancy.js"), roles: ["hr"] },
    { path: "/hr/vacatures/:vacancy", tag: "samen-hr-vacancy", load: () => import("./vacancy.js"), roles: ["hr"] },
  ],
};
