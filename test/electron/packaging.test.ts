import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const script = new URL('../../build/linux/after-install.sh', import.meta.url);
const builder = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');

describe('packaging', () => {
  it('has a deb after-install script that bash accepts and that sets the capture capabilities', () => {
    execFileSync('bash', ['-n', script.pathname]);
    const text = readFileSync(script, 'utf8');
    // electron-builder replaces ${name} macros and fails on unknown ones: only these two exist.
    const macros = new Set([...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((match) => match[1]));
    expect([...macros].sort()).toEqual(['executable', 'sanitizedProductName']);
    expect(text).toContain('setcap cap_net_raw,cap_net_admin=eip "$HELPER"');
    expect(text).toContain('chrome-sandbox');
  });

  it('packages out/ only, without rebuilding, with the helper and the after-install script', () => {
    expect(builder).toMatch(/^npmRebuild: false$/m);
    expect(builder).toMatch(/^ {2}- out\/\*\*$/m);
    expect(builder).toMatch(/afterInstall: build\/linux\/after-install\.sh/);
    expect(builder).toMatch(/- callscope-capture$/m);
    expect(builder).toMatch(/target: \[AppImage, deb\]/);
    expect(builder).toMatch(/target: \[nsis\]/);
    expect(builder).toMatch(/target: \[dmg\]/);
  });
});
