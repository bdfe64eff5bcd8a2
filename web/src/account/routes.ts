import type { Area } from "../routes.js";

export const area: Area = {
  role: "",
  home: "/account",
  routes: [
    { path: "/account", tag: "samen-account", load: () => import("./account.js"), roles: [], nav: "nav.account", icon: "person" },
  ],
};
