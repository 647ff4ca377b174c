import { handle } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/contract/openapi";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof openApiDocument> | undefined;

/** The API's OpenAPI 3.1 document, generated from the contract (lib/contract); public, like health. */
export const GET = handle({ access: "public" }, () =>
  Response.json((document ??= openApiDocument()), { headers: { "Cache-Control": "public, max-age=300" } }),
);
