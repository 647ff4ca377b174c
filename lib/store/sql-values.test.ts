import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

/**
 * "No value is string-built into SQL", made checkable: values from outside are bound as
 * parameters ($1 …), so no SQL text under lib/ puts an interpolation inside a quoted SQL
 * string ('…${x}…'), except constants of the code itself; and the one quote-doubling helper
 * (sql-literal.ts, for the process's own file paths) is the only place that escapes text
 * for SQL. What this cannot see: an unquoted value spliced as SQL text (${x} outside quotes);
 * those are fragments and identifiers from fixed tables by convention (filters.ts, sorts.ts).
 */

const ROOT = "lib";

/** SQL-looking template text: upper-case keywords (messages and markup do not use them). */
const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|COPY|FROM|WHERE|CASE|WHEN|THEN|CAST|SET|VALUES|LIMIT|AND|OR|END|ORDER BY|GROUP BY)\b/;

/** Constants of the code: UPPER_SNAKE names (and their members, such as a RegExp's source). */
const CONSTANT = /^[A-Z][A-Z0-9_]*(\.[a-z]+)?$/;

/** Quoted interpolations of values that come from the code's own fixed lists, each with why. */
const ALLOWED: Record<string, readonly string[]> = {
  // DIMENSIONS and the rollup grains ("day" | "month" | "year"): literal union types.
  "lib/analytics/rollups.ts": ["d", "grain", "finer"],
  // RUN_FIELDS and REQUIRED_TEXT: the gateway's field names, as constants.
  "lib/sync/sql-normalise.ts": ["field", "f"],
};

/** The one place that quotes text for SQL (and so builds `'${…}'`). */
const LITERAL_HELPER = path.join(ROOT, "store", "sql-literal.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Every `${…}` that sits inside a single-quoted SQL string of a SQL template, as file | expression. */
function quotedInterpolations(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      const whole = texts.join("");
      // `'${x}'` alone builds a SQL string literal even without a keyword around it.
      const literalBuilder = texts.length === 2 && texts[0] === "'" && texts[1] === "'";
      if (literalBuilder || SQL_WORDS.test(whole)) {
        let quoted = false;
        node.templateSpans.forEach((span, i) => {
          if ((texts[i]!.split("'").length - 1) % 2 === 1) quoted = !quoted;
          const expression = span.expression.getText(source);
          if (quoted && !CONSTANT.test(expression) && !(ALLOWED[file.split(path.sep).join("/")] ?? []).includes(expression)) {
            found.push(`${file} | ${expression}`);
          }
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("values reach SQL as parameters, never as text", () => {
  const files = sourceFiles(ROOT);

  test("lib/ has the SQL modules this check is meant for", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => f.split(path.sep).join("/"))).toEqual(expect.arrayContaining(["lib/sync/batch-writer.ts", "lib/analytics/filters.ts"]));
  });

  test("no interpolation inside a quoted SQL string, save the code's own constants", () => {
    expect(files.filter((file) => file !== LITERAL_HELPER).flatMap((file) => quotedInterpolations(file))).toEqual([]);
  });

  test("the check sees a spliced value, and passes it when bound", () => {
    const spliced = "export const q = (from: string) => `SELECT * FROM runs WHERE batch_id >= '${from}'`;";
    const bound = "export const q = (p: SqlParams, from: string) => `SELECT * FROM runs WHERE batch_id >= ${p.add(from)}`;";
    expect(quotedInterpolations("probe.ts", spliced)).toEqual(["probe.ts | from"]);
    expect(quotedInterpolations("probe.ts", bound)).toEqual([]);
  });

  test("text is escaped for SQL in one place only (sql-literal.ts)", () => {
    const escaping = files.filter((file) => /replaceAll\(\s*"'"\s*,\s*"''"\s*\)|replace\(\s*\/'\/g/.test(readFileSync(file, "utf8")));
    expect(escaping.map((f) => f.split(path.sep).join("/"))).toEqual(["lib/store/sql-literal.ts"]);
  });
});
