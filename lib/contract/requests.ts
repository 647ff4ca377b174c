import { z } from "zod";
import { nextProblem } from "@/lib/auth/safe-next";
import { periodSchema } from "@/lib/chargeback/period";
import { csvFormatParam } from "@/lib/csv/download";

/**
 * Request schemas that used to live inside route files (a route file may export only its
 * handlers): the routes parse with these, and the OpenAPI document describes them.
 */

export const signInBody = z.object({
  password: z.string().min(1, { message: "enter the password" }).max(1024, { message: "is too long" }),
  next: z
    .string()
    .max(4000)
    .superRefine((value, ctx) => {
      const problem = nextProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
});

export const syncBody = z.strictObject({ full: z.boolean().optional() });

export const chargebackQuery = z.object({ period: periodSchema }).strict();
export const chargebackCsvQuery = z
  .object({ period: periodSchema, team: z.string().trim().min(1).max(100).optional(), format: csvFormatParam })
  .strict();
export const chargebackPeriodBody = z.object({ period: periodSchema }).strict();
export const sharedCostId = z.string().uuid({ message: "must be a shared cost's id" });

export const teamsCsvQuery = z.object({ format: csvFormatParam }).strict();

/** Path ids: the patterns the routes check before looking anything up. */
export const sessionIdPath = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) });
export const shareLinkIdPath = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const budgetIdPath = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const sharedCostIdPath = z.object({ id: sharedCostId });
