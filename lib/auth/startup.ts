import "server-only";
import http from "node:http";
import https from "node:https";
import { env, EnvError } from "@/lib/env";
import { authConfig, authProblem } from "./config";
import { PEER_HEADER } from "./client-address";

/**
 * Server start-up for access control: refuse to start when the settings would serve real
 * data to nobody-in-particular, and stamp each request with its socket's address.
 */
export function startAuth(): void {
  try {
    const problem = authProblem(env());
    if (problem) throw problem;
    authConfig();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Runledger cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  stampPeerAddress();
}

const STAMPED = Symbol.for("runledger.peer-stamp");

/** Sets PEER_HEADER to the socket's address on every request, replacing anything a client sent. */
function stampPeerAddress(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as (object & { emit: Emit; [STAMPED]?: true })[]) {
    if (proto[STAMPED]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
      }
      return emit.call(this, event, ...args);
    };
    proto[STAMPED] = true;
  }
}

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
