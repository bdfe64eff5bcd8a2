import { defineMessages } from "../core/i18n.js";
import type { Area } from "../routes.js";

// Not in the tab bar (a phone has room for five, and the app bar's name
// links here); the label serves screen titles that name it.
defineMessages({ nl: { "nav.account": "Account" }, en: { "nav.account": "Account" } });

export const area: Area = {
  role: "",
  home: "/account",
  routes: [
    { path: "/account", tag: "samen-account", load: () => import("./account.js"), roles: [] },
    { path: "/account/meldingen", tag: "samen-account-notifications", load: () => import("./notifications.js"), roles: [] },
    { path: "/account/gegevens", tag: "samen-account-privacy", load: () => import("./privacy.js"), roles: [] },
  ],
};
