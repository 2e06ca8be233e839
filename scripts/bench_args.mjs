// Command-line options of the benchmark scripts: `--name value` pairs and bare `--flag`s.
import path from 'node:path';

const args = process.argv.slice(2);

/** The value after `name`, or `fallback`. */
export function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** Whether the bare flag `name` was given. */
export function flag(name) {
  return args.includes(name);
}

/** The repository's root (this file is in scripts/). */
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
