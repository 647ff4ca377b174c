/**
 * Sends a write to the dashboard's API (JSON or a CSV body) and reads the answer, failures
 * included: editors show every problem a 400 lists, not only the first.
 */
export interface SendResult<T> {
  ok: boolean;
  status: number;
  body: T | null;
  /** The server's message on failure. */
  message: string | null;
  /** Every problem, when the server listed them (`problems`). */
  problems: { field: string; line?: number; message: string }[];
}

export async function sendJson<T>(url: string, method: "POST" | "PUT" | "DELETE", body?: unknown, contentType = "application/json"): Promise<SendResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "content-type": contentType, accept: "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, body: null, message: "The dashboard's server cannot be reached. Check your connection.", problems: [] };
  }
  const parsed: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, body: parsed as T, message: null, problems: [] };
  const error = (parsed as { error?: { message?: string } } | null)?.error;
  const problems = (parsed as { problems?: SendResult<T>["problems"] } | null)?.problems ?? [];
  return { ok: false, status: response.status, body: null, message: error?.message ?? `The server answered ${response.status}.`, problems };
}
