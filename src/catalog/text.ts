/**
 * Bounded, printable text from untrusted input (error bodies, response headers): control characters become
 * spaces, whitespace runs collapse, lone UTF-16 surrogates become U+FFFD, and the result is cut to a length in
 * UTF-16 code units without splitting a surrogate pair.
 */

/** Unicode general category Cc: C0 controls, DEL, C1 controls. */
const CONTROL = /\p{Cc}+/gu;
const SPACES = / {2,}/g;
/** In a `u` pattern a surrogate pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** undefined when nothing printable is left. */
export function boundedText(value: string, maxLength: number): string | undefined {
  // Work on a bounded prefix only: collapsing whitespace can shorten, never lengthen, the text.
  const prefix = value.length > maxLength * 4 ? value.slice(0, maxLength * 4) : value;
  const clean = needsCleaning(prefix)
    ? prefix.replace(CONTROL, ' ').replace(SPACES, ' ').replace(LONE_SURROGATE, '\ufffd').trim()
    : prefix.trim();
  if (clean.length === 0) return undefined;
  if (clean.length <= maxLength) return clean;
  const lastKept = clean.charCodeAt(maxLength - 1);
  const cut = lastKept >= 0xd800 && lastKept <= 0xdbff ? maxLength - 1 : maxLength;
  return clean.slice(0, cut).trimEnd();
}

/** Whether the replacements above would change anything; most text needs none, and one scan is cheaper. */
function needsCleaning(text: string): boolean {
  let previous = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // Cc (U+0000–U+001F, U+007F–U+009F), any surrogate (paired ones are checked by the replacement), two spaces.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) return true;
    if (code === 0x20 && previous === 0x20) return true;
    previous = code;
  }
  return false;
}
