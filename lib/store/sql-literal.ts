/**
 * A SQL string literal for text this process owns: the paths of files it created (DuckDB's
 * read_json, read_csv and COPY … TO take their file as a literal, not as a parameter) and its
 * own constants. Never for a value from outside (the gateway, a request, a config file): those
 * are bound as parameters. sql-values.test.ts holds lib/ to this.
 */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
