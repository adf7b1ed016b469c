/** The Content Security Policy as a response header, for the app's own pages (see shared/csp.ts). */

import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

/** Response headers with the CSP set (any CSP header the server sent is replaced, whatever its case). */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}
