// The names of the roles people hold (the directory's role grants), for
// every screen that shows them.

import { defineMessages, hasMessage, t } from "../core/i18n.js";

defineMessages({
  nl: {
    "role.starter": "Startende leraar",
    "role.coach": "Coach",
    "role.hr": "HR",
    "role.coordinator": "Coördinator",
    "role.admin": "Beheerder",
    "role.mentor": "Werkplekbegeleider",
    "role.school_educator": "Schoolopleider",
    "role.institute_educator": "Instituutsopleider",
    "role.student": "Student",
  },
  en: {
    "role.starter": "Starting teacher",
    "role.coach": "Coach",
    "role.hr": "HR",
    "role.coordinator": "Coordinator",
    "role.admin": "Administrator",
    "role.mentor": "Mentor",
    "role.school_educator": "School-based teacher educator",
    "role.institute_educator": "Institute-based teacher educator",
    "role.student": "Student teacher",
  },
});

// "coordinator" -> "Coördinator"; a role without a name as it is.
export function roleLabel(role: string): string {
  return hasMessage(`role.${role}`) ? t(`role.${role}`) : role;
}
