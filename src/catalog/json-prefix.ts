/**
 * The complete top-level members of a JSON object whose text was cut short (an error body cut at the capture
 * bound): `{"code":"EDIT_LOCK_NOT_AVAILABLE","message":"Very long…` still yields `code`. Only members whose
 * value is complete are kept, only scalar values (string, number, boolean, null); nested values are skipped.
 * The scan stops at the first thing that is not well-formed JSON. One pass, no recursion: linear in the text.
 */

export type JsonScalar = string | number | boolean | null;

const MAX_MEMBERS = 64;
const LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export function completeTopLevelMembers(text: string): Map<string, JsonScalar> {
  const members = new Map<string, JsonScalar>();
  let at = skipWhitespace(text, 0);
  if (text[at] !== '{') return members;
  at++;
  while (members.size < MAX_MEMBERS) {
    at = skipWhitespace(text, at);
    const key = readString(text, at);
    if (key === undefined) break;
    at = skipWhitespace(text, key.end);
    if (text[at] !== ':') break;
    at = skipWhitespace(text, at + 1);
    const value = readValue(text, at);
    if (value === undefined) break;
    if (value.scalar !== undefined) members.set(key.value, value.scalar);
    at = skipWhitespace(text, value.end);
    if (text[at] !== ',') break;
    at++;
  }
  return members;
}

interface Read<T> {
  readonly value: T;
  /** Index just past the value. */
  readonly end: number;
}

function readValue(text: string, at: number): { scalar?: JsonScalar; end: number } | undefined {
  const first = text[at];
  if (first === '"') {
    const string = readString(text, at);
    return string === undefined ? undefined : { scalar: string.value, end: string.end };
  }
  if (first === '{' || first === '[') {
    const end = skipNested(text, at);
    return end === undefined ? undefined : { end };
  }
  LITERAL.lastIndex = at;
  const literal = LITERAL.exec(text);
  // A literal that reaches the end of the text may have been cut (`12` of `123`).
  if (literal === null || LITERAL.lastIndex >= text.length) return undefined;
  return { scalar: JSON.parse(literal[0]) as JsonScalar, end: LITERAL.lastIndex };
}

/** A complete JSON string starting at `at` (a `"`), decoded; undefined if cut or malformed. */
function readString(text: string, at: number): Read<string> | undefined {
  if (text[at] !== '"') return undefined;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22 /* " */) {
      try {
        return { value: JSON.parse(text.slice(at, i + 1)) as string, end: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Index past the object or array starting at `at`, strings respected; undefined if it is cut. */
function skipNested(text: string, at: number): number | undefined {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const string = readString(text, i);
      if (string === undefined) return undefined;
      i = string.end - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
    i++;
  return i;
}
