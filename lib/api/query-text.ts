/**
 * Query values no route can use: control characters (C0, DEL, C1, NUL among them) and the
 * bidirectional embeddings, overrides and isolates that make text read other than it is.
 * No filter, search or path holds them; left in, they end up in logs, file names and headers
 * (a header that cannot hold them answered 500). The proxy answers 400 naming the parameter.
 */

const UNUSABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function queryTextProblem(params: URLSearchParams): { field: string; message: string } | null {
  for (const [key, value] of params) {
    // Only a name shaped like the dashboard's own parameters is repeated back: anything else
    // the caller sent (markup, SQL, a whole payload) is not echoed into an answer.
    const cleaned = key.replace(UNUSABLE_ALL, "");
    const field = PARAMETER_NAME.test(cleaned) ? cleaned : "(parameter)";
    if (UNUSABLE.test(key)) return { field, message: `${field}: the parameter's name holds control or text-direction characters` };
    if (UNUSABLE.test(value)) return { field, message: `${field}: must not contain control or text-direction characters` };
  }
  return null;
}

const UNUSABLE_ALL = new RegExp(UNUSABLE.source, "g");
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,59}$/;

/** Whether `text` can be an HTTP header value as it is (printable ASCII, spaces and tabs). */
export function isHeaderSafe(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
