import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// The navigation's words load with the routes, before any screen's code.
defineMessages({
  nl: { "nav.hrStarters": "Starters" },
  en: { "nav.hrStarters": "Starters" },
});

// HR's screens: the employer line only — that guidance happens (sessions,
// visits, last contact, at-risk flags), never coaching content. Nothing here
// links to a session or its notes.
export const area: Area = {
  role: "hr",
  home: "/hr",
  routes: [
    { path: "/hr", tag: "samen-hr-starters", load: () => import("./starters.js"), roles: ["hr"], nav: "nav.hrStarters", icon: "briefcase" },
  ],
};
