import type { DuckDBConnection, DuckDBPreparedStatement } from "@duckdb/node-api";

/** A value bound to a positional parameter. Integers bind as INTEGER/BIGINT, others as DOUBLE. */
export type SqlValue = string | number | boolean | null;

/** SQL text and the values bound to its positional parameters. */
export interface BoundSql {
  sql: string;
  params: SqlValue[];
}

/** Collects positional parameters ($1, $2, …) while SQL text is assembled. */
export class SqlParams {
  readonly values: SqlValue[] = [];

  /** Binds a value and returns its placeholder. */
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Binds each value and returns the placeholders as "$1, $2". */
  list(values: readonly SqlValue[]): string {
    return values.map((v) => this.add(v)).join(", ");
  }
}

export type Row = Record<string, unknown>;

// Statements are prepared once per connection and SQL text: filters produce a handful of
// shapes, and re-preparing costs a noticeable share of a 10 ms query.
const MAX_PREPARED = 64;
const preparedByConnection = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();

async function prepared(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let statements = preparedByConnection.get(conn);
  if (!statements) {
    statements = new Map();
    preparedByConnection.set(conn, statements);
  }
  const existing = statements.get(sql);
  if (existing) {
    statements.delete(sql);
    statements.set(sql, existing);
    return existing;
  }
  const statement = await conn.prepare(sql);
  statements.set(sql, statement);
  if (statements.size > MAX_PREPARED) {
    const [oldestSql, oldest] = statements.entries().next().value as [string, DuckDBPreparedStatement];
    statements.delete(oldestSql);
    oldest.destroySync();
  }
  return statement;
}

/**
 * Runs a parameterised query and returns its rows as plain JS objects (BIGINT → bigint,
 * DECIMAL → number, TIMESTAMPTZ → Date). One caller per connection at a time.
 */
export async function runQuery(conn: DuckDBConnection, sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
  const statement = await prepared(conn, sql);
  statement.clearBindings();
  if (params.length > 0) statement.bind([...params]);
  const reader = await statement.runAndReadAll();
  return reader.getRowObjectsJS() as Row[];
}

/** A JS number from what DuckDB returns for a count or sum (bigint, number or null). */
export function num(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value === null || value === undefined) return 0;
  return Number(value);
}
