/**
 * Which error bodies are worth capturing: only error statuses (CONTRACT.md "Never": no success body), and only
 * bodies that can carry an error id or a wait — JSON (`application/json`, `application/problem+json`, any
 * `+json`, RFC 6839 §3.1) or an unlabelled body. ZIA and ZTW 429 bodies are read whatever their type, since
 * they may hold the only Retry-After (research §3.2). An HTML page (Tomcat's 406, research §2.2) never is.
 */
import { serviceModule } from './services/index.js';
import type { ZscalerTarget } from './types.js';

export function shouldCaptureBody(
  target: ZscalerTarget,
  status: number,
  contentType: string | undefined,
): boolean {
  if (!Number.isInteger(status) || status < 400) return false;
  const mediaType = typeof contentType === 'string' ? mediaTypeOf(contentType) : '';
  if (mediaType === '') return true;
  if (mediaType === 'text/html') return false;
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return true;
  return status === 429 && serviceModule(target?.service)?.bodyRetryAfter === true;
}

/** The media type of a Content-Type, lower case, without parameters; as sent, most often (no copy). */
function mediaTypeOf(contentType: string): string {
  if (contentType === 'application/json') return contentType;
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
