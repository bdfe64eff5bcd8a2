// Every area of the app: its routes and, for a role, its start page. A new
// area is one module with `area` and one line here.

import { area as account } from "./account/routes.js";
import { area as coach } from "./coach/routes.js";
import { area as hr } from "./hr/routes.js";
import { area as starter } from "./starter/routes.js";
import { area as activities } from "./activities/routes.js";
import { area as coordinator } from "./coordinator/routes.js";
import { addRoutes, type Route } from "./core/router.js";
import { hasRole, type Role, type Session } from "./core/session.js";

export interface Area {
  // The role whose start page this area holds ("" for everyone's pages).
  role: Role | "";
  // Where that role lands after signing in.
  home: string;
  routes: Route[];
}

// In this order: a person who is both starter and coach lands on the
// starter's page, and the navigation lists the areas in this order.
const areas: Area[] = [
  starter,
  coach,
  hr,
  account,
  activities,
  coordinator,
];

for (const each of areas) {
  addRoutes(each.routes);
}

export function homeFor(session: Session): string {
  const area = areas.find((each) => each.role !== "" && hasRole(session, each.role));
  return area?.home ?? "/account";
}
