import "server-only";
import type { AuthConfig } from "./config";
import type { Lookups } from "./principal";
import { lookupSession } from "./sessions";
import { shareLinkState } from "./share-links";

/** What principalFor reads from the store: a share link's state and a session. */
export function storeLookups(config: AuthConfig): Lookups {
  return {
    shareState: (id) => shareLinkState(id),
    session: (token) => lookupSession(token, config.sessionIdleMs),
  };
}
