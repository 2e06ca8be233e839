// Runs the DuckDB recipe of docs/SQL.md (the text between the kexi-sql:duckdb markers, so the test
// runs the documented query itself) on an order CSV and writes the customer-summary CSV.
// Usage: node tests/sql/summary.mjs ORDERS.csv SUMMARY.csv docs/SQL.md
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [ordersCsv, summaryCsv, docPath] = process.argv.slice(2);
const doc = readFileSync(docPath, 'utf8');
const block = doc.match(/<!-- kexi-sql:duckdb:begin -->\s*```sql\n([\s\S]*?)```\s*<!-- kexi-sql:duckdb:end -->/);
if (!block) throw new Error(`${docPath}: no kexi-sql:duckdb block`);
const query = block[1].trim().replace(/;$/, '');
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
// The same view as in docs/SQL.md, reading the given file.
await c.run(`CREATE VIEW orders AS
  SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(order_id AS VARCHAR) AS order_id,
         CAST(order_date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount
  FROM read_csv(${quote(ordersCsv)}, header = true, delim = ',', quote = '"', all_varchar = true)`);
await c.run(`COPY (${query}) TO ${quote(summaryCsv)} (HEADER, DELIMITER ',')`);
const n = await c.runAndReadAll(`SELECT COUNT(*) AS n FROM read_csv(${quote(summaryCsv)})`);
console.log(`summary: ${n.getRowObjects()[0].n} customers`);
