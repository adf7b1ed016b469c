import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../electron/engine/report/atomic-write.ts';
import { tempFolder } from '../../helpers/temp-files.ts';

describe('writeFileAtomic', () => {
  it('writes the whole text and leaves no temporary file', async () => {
    const folder = tempFolder();
    const path = join(folder, 'out.csv');
    await writeFileAtomic(path, 'a,b\n1,2\n');
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(folder)).toEqual(['out.csv']);
  });

  it('replaces an existing file in one step', async () => {
    const folder = tempFolder();
    const path = join(folder, 'out.csv');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('fails cleanly when the target cannot be replaced, keeping what was there and no temporary file', async () => {
    const folder = tempFolder();
    const path = join(folder, 'out.csv');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'previous');
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('previous');
    expect(readdirSync(folder)).toEqual(['out.csv']);
  });

  it('fails when the folder does not exist, creating nothing', async () => {
    const folder = tempFolder();
    await expect(writeFileAtomic(join(folder, 'missing', 'out.csv'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
