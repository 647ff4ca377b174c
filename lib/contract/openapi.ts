import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { API_ERROR_STATUS } from "@/lib/api/errors";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { errorBody } from "./answers";
import { CONTRACT, CSV_CONTENT_TYPE, type Method, type RouteContract } from "./routes";

/**
 * The OpenAPI 3.1 document, generated from the contract table (routes.ts) by zod-openapi:
 * request schemas as the routes parse them (input side: defaults optional), answers as the
 * routes send them, and every error as the project's one error body with its status.
 */

const ACCESS_TEXT = {
  public: "Anyone, signed in or not.",
  viewer: "Anyone the access rules let read: an admin, a viewer, an API token, or a shared view within its scope.",
  admin: "Admins only (a viewer gets 403; a state-changing request must come from the dashboard's origin).",
} as const;

function operation(path: string, method: Method, route: RouteContract): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    if (!answer) continue;
    if (answer.json) {
      responses[status] = { description: answer.description, content: { "application/json": { schema: answer.json } } };
    } else if (answer.csv) {
      const header = answer.csv.header.join(",");
      responses[status] = {
        description: `${answer.description} Header row starts \`${header}\`${answer.csv.more ? `; ${answer.csv.more}` : ""}.`,
        content: {
          [CSV_CONTENT_TYPE]: {
            // The header row as data too, so a client (and the contract test) can check it.
            schema: z.string().meta({ example: `${header}\r\n`, "x-csv-header": [...answer.csv.header], "x-csv-header-fixed": !answer.csv.more }),
          },
        },
        headers: { "Content-Disposition": { description: "attachment; the file's name", schema: { type: "string" } } },
      };
    } else {
      responses[status] = { description: answer.description };
    }
  }
  for (const code of route.errors) {
    const status = String(API_ERROR_STATUS[code]);
    if (responses[status]) continue;
    const codes = route.errors.filter((c) => String(API_ERROR_STATUS[c]) === status).join(", ");
    responses[status] = {
      description: `Error (${codes}).${code === "too_many_requests" ? " Retry-After says how many seconds to wait." : ""}`,
      content: { "application/json": { schema: errorBody } },
      ...(code === "too_many_requests" ? { headers: { "Retry-After": { description: "seconds", schema: { type: "string" } } } } : {}),
    };
  }
  const body = route.body;
  return {
    operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: route.summary,
    description: `Access: ${ACCESS_TEXT[route.access]}`,
    ...(route.access === "public" ? { security: [] } : {}),
    "x-runledger-access": route.access,
    requestParams: { ...(route.query ? { query: route.query } : {}), ...(route.path ? { path: route.path } : {}) },
    ...(body
      ? {
          requestBody: {
            required: body.optional !== true,
            content: {
              [body.contentType]: { schema: body.schema },
              ...(body.alsoForm ? { "application/x-www-form-urlencoded": { schema: body.schema } } : {}),
            },
          },
        }
      : {}),
    responses,
  } as ZodOpenApiOperationObject;
}

export function openApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const [path, methods] of Object.entries(CONTRACT)) {
    const item: Record<string, ZodOpenApiOperationObject> = {};
    for (const [method, route] of Object.entries(methods) as [Method, RouteContract][]) item[method.toLowerCase()] = operation(path, method, route);
    paths[path] = item;
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Runledger API",
        version: "1",
        description: "Compute usage and cost of a Domino deployment. Errors are always `{\"error\": {code, message, field?}}`. See docs/api.md for examples.",
      },
      components: {
        securitySchemes: {
          token: { type: "http", scheme: "bearer", description: "An API token (API_TOKENS); read-only." },
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        },
      },
      security: [{ token: [] }, { session: [] }],
      paths,
    },
    { reused: "ref", allowEmptySchema: { custom: true } },
  );
}
