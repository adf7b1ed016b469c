/** Temporary files and folders for tests, removed after each test file. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder under the system temp folder. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'callscope-test-'));
  folders.push(folder);
  return folder;
}

/** Writes `bytes` to a new temp file named `name` and returns its path. */
export function tempFile(name: string, bytes: Uint8Array): string {
  const path = join(tempFolder(), name);
  writeFileSync(path, bytes);
  return path;
}
