// The Professionalisation API's shapes as the app reads them (proto3 JSON),
// and the Dutch and English names of kinds, audiences and enrolment states,
// shared by the participants' screens and the coordinator's.

import * as format from "../core/format.js";
import { defineMessages, locale, t } from "../core/i18n.js";

export interface ActivitySession {
  id: string;
  name?: string;
  title?: string;
  date: string;
  start: string;
  end: string;
  location?: string;
  online?: boolean;
  room?: string;
  locationDisplayName?: string;
  city?: string;
  startTime?: string;
  endTime?: string;
}

export interface Activity {
  name: string;
  owner: string;
  kind: string;
  title: string;
  description?: string;
  audiences?: string[];
  themes?: string[];
  sessions?: ActivitySession[];
  capacity: number;
  hours?: number;
  approvalRequired?: boolean;
  enrolmentOpenTime?: string;
  enrolmentCloseTime?: string;
  cancellationDeadline?: string;
  enrolledCount?: number;
  waitlistedCount?: number;
  pendingCount?: number;
  freePlaces?: number;
  startTime?: string;
  endTime?: string;
  etag?: string;
}

export type EnrolmentState = "PENDING_APPROVAL" | "WAITLISTED" | "ENROLLED" | "CANCELLED" | "DECLINED";

export interface Enrolment {
  name: string;
  person: string;
  personDisplayName?: string;
  organisations?: string[];
  state: EnrolmentState;
  waitlistPosition?: number;
  arrival?: string;
  promoted?: boolean;
  completed?: boolean;
  note?: string;
  requestTime?: string;
  stateTime?: string;
}

export interface RecordEntry {
  activity: string;
  title: string;
  kind: string;
  owner: string;
  hours?: number;
  completionDate: string;
  schoolYear: string;
}

export interface DevelopmentRecord {
  name: string;
  entries?: RecordEntry[];
  years?: { schoolYear: string; hours?: number; activities?: number }[];
  totalHours?: number;
}

export const kinds = [
  "MENTOR_TRAINING", "SCHOOL_EDUCATOR_TRAINING", "THEME_AFTERNOON", "INTERVISION", "SKILLS_LAB",
  "LEARNING_COMMUNITY", "RESEARCH_WORKSHOP", "SYMPOSIUM", "SCHOOL_SAFARI", "STUDY_DAY",
  "STUDY_CAREER_GUIDANCE", "OTHER_ACTIVITY",
];

export const audiences = ["STUDENTS", "STARTERS", "MENTORS", "SCHOOL_EDUCATORS", "EXPERIENCED_TEACHERS", "SCHOOL_LEADERS"];

defineMessages({
  nl: {
    "kind.MENTOR_TRAINING": "Werkplekbegeleiderstraining",
    "kind.SCHOOL_EDUCATOR_TRAINING": "Schoolopleiderstraining",
    "kind.THEME_AFTERNOON": "Themamiddag",
    "kind.INTERVISION": "Intervisie",
    "kind.SKILLS_LAB": "Vaardighedenlab",
    "kind.LEARNING_COMMUNITY": "Professionele leergemeenschap",
    "kind.RESEARCH_WORKSHOP": "Werkplaats onderzoek",
    "kind.SYMPOSIUM": "Symposium",
    "kind.SCHOOL_SAFARI": "Schoolsafari",
    "kind.STUDY_DAY": "Studiedag",
    "kind.STUDY_CAREER_GUIDANCE": "Studieloopbaanbegeleiding",
    "kind.OTHER_ACTIVITY": "Overige activiteit",
    "audience.STUDENTS": "Studenten",
    "audience.STARTERS": "Startende leraren",
    "audience.MENTORS": "Werkplekbegeleiders",
    "audience.SCHOOL_EDUCATORS": "School- en instituutsopleiders",
    "audience.EXPERIENCED_TEACHERS": "Ervaren leraren",
    "audience.SCHOOL_LEADERS": "Schoolleiders",
    "audience.everyone": "Iedereen",
    "enrolment.ENROLLED": "Ingeschreven",
    "enrolment.WAITLISTED": "Wachtlijst, plaats {position}",
    "enrolment.PENDING_APPROVAL": "Wacht op goedkeuring",
    "enrolment.CANCELLED": "Uitgeschreven",
    "enrolment.DECLINED": "Afgewezen",
    "activity.hours": "{hours} uur",
    "activity.online": "Online",
    "activity.places": "Nog {free} van {capacity} plaatsen vrij",
    "activity.full": "Vol",
    "activity.waitlist": "{count} op de wachtlijst",
    "activity.sessions.one": "1 bijeenkomst",
    "activity.sessions.other": "{count} bijeenkomsten",
  },
  en: {
    "kind.MENTOR_TRAINING": "Mentor training",
    "kind.SCHOOL_EDUCATOR_TRAINING": "School educator training",
    "kind.THEME_AFTERNOON": "Theme afternoon",
    "kind.INTERVISION": "Intervision",
    "kind.SKILLS_LAB": "Skills lab",
    "kind.LEARNING_COMMUNITY": "Professional learning community",
    "kind.RESEARCH_WORKSHOP": "Research workshop",
    "kind.SYMPOSIUM": "Symposium",
    "kind.SCHOOL_SAFARI": "School safari",
    "kind.STUDY_DAY": "Study day",
    "kind.STUDY_CAREER_GUIDANCE": "Study-career guidance",
    "kind.OTHER_ACTIVITY": "Other activity",
    "audience.STUDENTS": "Student teachers",
    "audience.STARTERS": "Starting teachers",
    "audience.MENTORS": "Mentors",
    "audience.SCHOOL_EDUCATORS": "School and institute educators",
    "audience.EXPERIENCED_TEACHERS": "Experienced teachers",
    "audience.SCHOOL_LEADERS": "School leaders",
    "audience.everyone": "Everyone",
    "enrolment.ENROLLED": "Enrolled",
    "enrolment.WAITLISTED": "Waitlist, place {position}",
    "enrolment.PENDING_APPROVAL": "Awaiting approval",
    "enrolment.CANCELLED": "Withdrawn",
    "enrolment.DECLINED": "Declined",
    "activity.hours": "{hours} hours",
    "activity.online": "Online",
    "activity.places": "{free} of {capacity} places left",
    "activity.full": "Full",
    "activity.waitlist": "{count} on the waitlist",
    "activity.sessions.one": "1 meeting",
    "activity.sessions.other": "{count} meetings",
  },
});

// The audiences a person's roles match when they enrol themselves
// (docs/professionalisation.md, "Audiences and token roles").
const audiencesOfRole: Record<string, string[]> = {
  student: ["STUDENTS"],
  starter: ["STARTERS"],
  mentor: ["MENTORS", "EXPERIENCED_TEACHERS"],
  school_educator: ["SCHOOL_EDUCATORS", "EXPERIENCED_TEACHERS"],
  institute_educator: ["SCHOOL_EDUCATORS"],
  coach: ["EXPERIENCED_TEACHERS"],
  coordinator: ["SCHOOL_LEADERS"],
};

export function audiencesOf(roles: string[]): string[] {
  return [...new Set(roles.flatMap((role) => audiencesOfRole[role] ?? []))];
}

// Whether someone with `mine` audiences may enrol themselves (no audience: everyone).
export function meantFor(activity: Activity, mine: string[]): boolean {
  return !activity.audiences?.length || activity.audiences.some((each) => mine.includes(each));
}

export function kindLabel(kind: string): string {
  return kinds.includes(kind) ? t(`kind.${kind}`) : t("kind.OTHER_ACTIVITY");
}

export function audienceLabel(audience: string): string {
  return audiences.includes(audience) ? t(`audience.${audience}`) : audience;
}

export function enrolmentLabel(enrolment: Enrolment): string {
  return t(`enrolment.${enrolment.state}`, { position: enrolment.waitlistPosition ?? 0 });
}

// Enrolments that still hold or wait for a place.
export function isActive(enrolment: Enrolment): boolean {
  return enrolment.state === "ENROLLED" || enrolment.state === "WAITLISTED" || enrolment.state === "PENDING_APPROVAL";
}

// "activities/abc" -> "abc".
export function activityId(name: string): string {
  return name.replace(/^activities\//, "").replace(/\/.*$/, "");
}

// The activity of an enrolment name "activities/abc/enrolments/p".
export function activityOf(enrolmentName: string): string {
  return `activities/${activityId(enrolmentName.replace(/^activities\//, ""))}`;
}

// "dinsdag 8 december, 15:00–17:30" for one meeting.
export function sessionWhen(session: ActivitySession, dayLong: (value: string) => string, civilDate: (value: string) => string): string {
  const day = session.startTime ? dayLong(session.startTime) : civilDate(session.date);
  return `${day}, ${session.start}–${session.end}`;
}

// "Almere College Dronten, Dronten" / "Online".
export function sessionWhere(session: ActivitySession): string {
  const place = [session.locationDisplayName, session.city].filter(Boolean).join(", ");
  if (session.online) {
    return place ? `${place} + ${t("activity.online")}` : t("activity.online");
  }
  return place || session.room || "";
}

// Offers `text` (a CSV export) as a file to save.
export function saveFile(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  // Excel needs the byte-order mark that fetch's text() took off.
  const body = text.startsWith("\ufeff") ? text : `\ufeff${text}`;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// A deadline as people read it: one at midnight (the default cancellation
// deadline) is the whole day before ("t/m woensdag 16 december"), else the
// moment itself.
export function deadline(value: string, dayLong: (value: Date) => string, dayAndTime: (value: Date) => string, time: (value: Date) => string):
    { wholeDay: boolean; when: string } {
  const at = new Date(value);
  return time(at) === "00:00"
    ? { wholeDay: true, when: dayLong(new Date(at.getTime() - 60_000)) }
    : { wholeDay: false, when: dayAndTime(at) };
}

// core/format.ts builds an Intl.DateTimeFormat per call (about half a
// millisecond each, four times that on a slow phone); a list re-renders
// several times while it loads. These remember each answer per language.
function remember<T extends Date | string>(fn: (value: T) => string): (value: T) => string {
  const known = new Map<string, string>();
  return (value: T) => {
    const key = `${locale()}|${value instanceof Date ? value.toISOString() : value}`;
    let text = known.get(key);
    if (text === undefined) {
      text = fn(value);
      known.set(key, text);
    }
    return text;
  };
}

export const dates = {
  dayLong: remember(format.dayLong),
  dayShort: remember(format.dayShort),
  dayAndTime: remember(format.dayAndTime),
  time: remember(format.time),
  civilDate: remember(format.civilDate),
};
