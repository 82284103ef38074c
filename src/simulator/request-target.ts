/** A request target split into decoded path segments and query, without trusting it to be well formed. */
export interface Target {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

export function parseTarget(requestTarget: string): Target {
  const queryAt = requestTarget.indexOf('?');
  const path = queryAt < 0 ? requestTarget : requestTarget.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : requestTarget.slice(queryAt + 1));
  return {
    path,
    segments: path
      .split('/')
      .filter((segment) => segment !== '')
      .map(safeDecode),
    query,
  };
}

/** decodeURIComponent that leaves a malformed escape as it is instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The first value of a header that may have been sent more than once. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
