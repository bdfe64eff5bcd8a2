// The starter's screens' base: a Screen that does not repeat the offline
// marker when the shell already shows it (the whole app, session included,
// came from the service worker's cache), but does show it when only this
// screen's data did (the connection dropped while the app was open).

import { Screen } from "../core/ui.js";

export abstract class StarterScreen extends Screen {
  protected note<T>(fetched: { data: T; cachedAt?: Date }): T {
    return this.session?.cachedAt ? fetched.data : super.note(fetched);
  }
}
