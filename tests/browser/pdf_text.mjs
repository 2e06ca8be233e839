// Just enough PDF reading for the tests of a PDF that Chromium printed (no PDF tool is installed):
// the page count and the text of each page. Chromium (Skia) writes text as hex glyph strings shown
// with Tj/TJ under a font /Fn whose object number is n, each font with a ToUnicode CMap; content
// streams are Flate-compressed. Not a general PDF parser.
import { inflateSync } from 'node:zlib';

function objects(pdf) {
  const out = new Map();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  let m;
  while ((m = re.exec(pdf))) out.set(Number(m[1]), m[2]);
  return out;
}

function streamOf(bytes, body) {
  const start = body.indexOf('stream');
  if (start < 0) return null;
  let from = start + 'stream'.length;
  if (body[from] === '\r') from += 1;
  if (body[from] === '\n') from += 1;
  const end = body.lastIndexOf('endstream');
  const raw = Buffer.from(body.slice(from, end), 'latin1');
  if (!/\/FlateDecode/.test(body.slice(0, start))) return raw.toString('latin1');
  try {
    return inflateSync(raw).toString('latin1');
  } catch (e) {
    return inflateSync(raw.subarray(0, raw.length - 1)).toString('latin1');  // a trailing EOL kept by the slice
  }
}

const hexToText = (hex) => {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCodePoint(parseInt(hex.slice(i, i + 4), 16));
  return s;
};

/**
 * code (upper-case hex) -> text, from a ToUnicode CMap; `width` is the code's number of hex digits
 * (4 for the CID fonts of ordinary text, 2 for the Type3 fonts Chromium makes for synthetic bold).
 */
function cmap(text) {
  const map = new Map();
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(text);
  const width = space ? space[1].length : 4;
  const key = (n) => n.toString(16).toUpperCase().padStart(width, '0');
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(key(parseInt(m[1], 16)), hexToText(m[2]));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const base = parseInt(m[3], 16);
      for (let g = lo; g <= hi; ++g) map.set(key(g), String.fromCodePoint(base + g - lo));
    }
  }
  return { map, width };
}

/** {pages, texts: [text of page 1, ...]} of a PDF printed by Chromium. */
export function pdfText(buffer) {
  const pdf = buffer.toString('latin1');
  const objs = objects(pdf);
  const fonts = new Map();  // font object number -> cmap
  for (const [n, body] of objs) {
    const ref = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(body);
    if (ref && objs.has(Number(ref[1]))) fonts.set(n, cmap(streamOf(buffer, objs.get(Number(ref[1]))) || ''));
  }
  const pages = [...objs.entries()].filter(([, b]) => /\/Type\s*\/Page(?!s)/.test(b));
  const texts = pages.map(([, body]) => {
    const c = /\/Contents\s+(\d+)\s+0\s+R/.exec(body);
    const content = c ? streamOf(buffer, objs.get(Number(c[1])) || '') || '' : '';
    let font = null;
    let out = '';
    for (const m of content.matchAll(/\/F(\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|(T\*|Td|TD|Tm|ET)\b/g)) {
      if (m[1]) font = fonts.get(Number(m[1])) || null;
      else if (m[2] !== undefined && font) {
        const w = font.width;
        for (let i = 0; i + w <= m[2].length; i += w) out += font.map.get(m[2].slice(i, i + w).toUpperCase()) || '';
      } else if (m[3]) out += m[3] === 'ET' ? '\n' : ' ';
    }
    return out;
  });
  return { pages: pages.length, texts };
}
