// The core's CSV answers (assignments, segment tables, LTV tables) read back into rows: one parser
// for every view that quotes them.

/** RFC 4180 CSV text to rows of strings (quotes, doubled quotes, embedded newlines; BOM skipped). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV text to one object per data row, keyed by the header's names. */
export function csvObjects(text) {
  const [head, ...body] = parseCsv(text);
  return body.map((r) => Object.fromEntries((head || []).map((k, j) => [k, r[j]])));
}
