import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// Navigation labels are needed before the screen's module is loaded.
defineMessages({ nl: { "nav.account": "Account" }, en: { "nav.account": "Account" } });

export const area: Area = {
  role: "",
  home: "/account",
  routes: [
    { path: "/account", tag: "samen-account", load: () => import("./account.js"), roles: [], nav: "nav.account", icon: "person" },
  ],
};
