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
