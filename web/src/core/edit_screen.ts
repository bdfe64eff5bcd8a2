// A screen that edits one resource in place and saves it whole with PATCH
// (a coach's availability, a person's notification settings): the draft on
// the screen, whether it was just saved, loading it, and saving it with the
// etag it was read with — when it changed elsewhere in the meantime (409,
// 412), the newest is shown with the explanation, so the person redoes their
// change on what is there now.

import { ApiError, call, get } from "./api.js";
import { explain } from "./errors.js";
import { Screen } from "./ui.js";

export abstract class EditScreen<T extends { etag?: string }> extends Screen {
  static properties = { ...Screen.properties, draft: { state: true }, saved: { state: true } };

  // What is on the screen; `etag` is the version it started from.
  declare draft: T | null;
  declare saved: boolean;

  constructor() {
    super();
    this.draft = null;
    this.saved = false;
  }

  // The resource's API path.
  protected abstract get path(): string;

  // The resource as the screen shows it (e.g. sorted); as read by default.
  protected shown(resource: T): T {
    return resource;
  }

  protected async refresh(): Promise<void> {
    const loaded = await this.run(() => get<T>(this.path));
    if (loaded) {
      this.draft = this.shown(loaded);
    }
  }

  // PATCHes `body`; `ifMatch` sends the draft's etag as If-Match (else the
  // body carries it).
  protected async saveDraft(body: unknown, ifMatch: boolean): Promise<void> {
    const etag = this.draft?.etag ?? "";
    this.saved = false;
    this.busy = true;
    this.failure = null;
    try {
      const answer = await call<T>("PATCH", this.path, body, ifMatch ? { ifMatch: `"${etag}"` } : {});
      this.draft = this.shown(answer);
      this.saved = true;
    } catch (error) {
      const failure = explain(error);
      if (error instanceof ApiError && (error.status === 409 || error.status === 412 || error.reason === "ETAG_MISMATCH")) {
        try {
          this.draft = this.shown(await get<T>(this.path));
        } catch {
          // The explanation below still stands.
        }
      }
      this.failure = failure;
      this.querySelector("h1")?.scrollIntoView({ block: "start" });
    } finally {
      this.busy = false;
    }
  }
}
