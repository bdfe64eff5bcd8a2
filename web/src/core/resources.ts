// The API's resources that several areas of the app read, as proto3 JSON
// (lowerCamelCase; absent fields are their defaults).

// induction.v1.EntryState
export type EntryState = "CONFIRMED" | "CANCELLED" | "HELD" | "NO_SHOW";

// induction.v1.Booking: a coaching session.
export interface Booking {
  name: string;
  coach: string;
  startTime: string;
  endTime: string;
  state: EntryState;
  location?: string;
  onlineLink?: string;
  programmeYear?: number;
  lateCancellation?: boolean;
  cancelReason?: string;
  cancelledBy?: string;
  etag?: string;
  // From this time on a starter's cancellation counts as late.
  lateCancellationTime?: string;
}

// induction.v1.Event: a lesson visit or an intervision meeting.
export interface CalendarEvent {
  name: string;
  kind: "LESSON_VISIT" | "INTERVISION";
  coach: string;
  starters?: string[];
  title?: string;
  startTime: string;
  endTime: string;
  location?: string;
  state: EntryState;
}

// induction.v1.CoachingUsage (GET /v1/starters/{s}/coachingUsage): this
// programme year's coaching sessions, counted by the server as HR tracking
// counts them (planned, held, no-show and late cancellations).
export interface CoachingUsage {
  programmeYear?: number;
  sessionsQuota?: number;
  sessionsUsed?: number;
  sessionsHeld?: number;
  sessionsLeft?: number;
  nextBookingTime?: string;
}
