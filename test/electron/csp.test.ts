import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCspHeader } from '../../electron/main/csp.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

/** The content of the page's CSP meta tag, whitespace-normalised. */
function metaCsp(page: string): string {
  const tag = /<meta\s[^>]*http-equiv="Content-Security-Policy"[^>]*>/i.exec(page)?.[0];
  const content = tag === undefined ? undefined : /content="([^"]*)"/i.exec(tag)?.[1];
  if (content === undefined) throw new Error('renderer/index.html has no CSP meta tag');
  return content.replace(/\s+/g, ' ').trim();
}

describe('Content Security Policy', () => {
  it('equals the meta tag of renderer/index.html', () => {
    expect(metaCsp(html)).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows no inline or eval script and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
    // No bare wildcard source.
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/(^|\s)\*(;|\s|$)/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
  });

  it('replaces any CSP header the response had and keeps the others', () => {
    const headers = withCspHeader({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
