import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../electron/engine/app/backend.ts';
import {
  handleFrame,
  isLoopbackHost,
  type RunningServer,
  startServer,
  tokenMatches,
} from '../../electron/serve/server.ts';
import type { EngineUpdate, ServerFrame } from '../../shared/ipc.ts';
import { regularStream, rtpCapture } from '../helpers/pcap-builder.ts';
import { tempFile, tempFolder } from '../helpers/temp-files.ts';

const clock = { now: () => ({ sec: 1_700_000_000, nsec: 0 }) };

function staticDir(): string {
  const folder = tempFolder();
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>callscope</title>');
  return folder;
}

/** A WebSocket client that collects updates and answers calls. */
async function connect(url: string): Promise<{
  call: (method: string, argument?: unknown) => Promise<ServerFrame>;
  updates: EngineUpdate[];
  close: () => void;
}> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const updates: EngineUpdate[] = [];
  const waiting = new Map<number, (frame: ServerFrame) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if ('update' in frame) updates.push(frame.update);
    else waiting.get(frame.id)?.(frame);
  });
  let next = 1;
  return {
    updates,
    call: (method, argument) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, argument }));
      }),
    close: () => socket.close(),
  };
}

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('serve security', () => {
  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.0.2.1', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });

  it('compares tokens in full', () => {
    expect(tokenMatches('abc123', 'abc123')).toBe(true);
    expect(tokenMatches('abc123', 'abc12')).toBe(false);
    expect(tokenMatches('abc123', null)).toBe(false);
  });

  it('with a token, refuses the page and the WebSocket without it and serves them with it', async () => {
    const running = await startServer({
      host: '127.0.0.1',
      port: 0,
      staticDir: staticDir(),
      backend: new Backend({ clock }),
      token: 'sesame',
    });
    servers.push(running);
    const base = running.url.replace(/\?.*$/, '');
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}?token=wrong`)).status).toBe(401);
    expect((await fetch(running.url)).status).toBe(200);
    await expect(connect(`${base.replace('http', 'ws')}ws`)).rejects.toThrow(/401/);
    const client = await connect(`${base.replace('http', 'ws')}ws?token=sesame`);
    expect((await client.call('listFiles')) as unknown).toEqual({ id: 1, result: [] });
    client.close();
  });

  it('serves the page with a strict CSP and never outside its folder', async () => {
    const running = await startServer({
      host: '127.0.0.1',
      port: 0,
      staticDir: staticDir(),
      backend: new Backend({ clock }),
    });
    servers.push(running);
    const page = await fetch(running.url);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe/);
    expect((await fetch(`${running.url}..%2f..%2fetc%2fpasswd`)).status).toBe(403);
  });
});

describe('serve API frames', () => {
  const backend = new Backend({ clock });

  it('rejects unknown methods, bad arguments and garbage', async () => {
    expect(await handleFrame(backend, 'not json')).toBeNull();
    expect(await handleFrame(backend, JSON.stringify({ id: 'x', method: 'listFiles' }))).toBeNull();
    expect(await handleFrame(backend, JSON.stringify({ id: 1, method: 'rm -rf' }))).toMatchObject({
      id: 1,
      error: { kind: 'usage' },
    });
    const bad = await handleFrame(
      backend,
      JSON.stringify({ id: 2, method: 'startCapture', argument: { interface: 'lo; reboot' } }),
    );
    expect(bad).toMatchObject({ id: 2, error: {} });
    const extra = await handleFrame(
      backend,
      JSON.stringify({ id: 3, method: 'openFile', argument: { path: '/x', evil: 1 } }),
    );
    expect(extra).toMatchObject({ id: 3, error: {} });
    const long = await handleFrame(
      backend,
      JSON.stringify({
        id: 4,
        method: 'startCapture',
        argument: { interface: 'lo', filter: 'x'.repeat(5000) },
      }),
    );
    expect(long).toMatchObject({ id: 4, error: {} });
  });

  it('opens only the files it offers, and streams the report to subscribers', async () => {
    const file = tempFile('offered.pcap', rtpCapture(regularStream(150)));
    const offered = new Backend({ clock, fileRoots: [join(file, '..')], offeredFiles: [file] });
    const running = await startServer({
      host: '127.0.0.1',
      port: 0,
      staticDir: staticDir(),
      backend: offered,
    });
    servers.push(running);
    const client = await connect(`${running.url.replace('http', 'ws')}ws`);
    expect(await client.call('listFiles')).toEqual({ id: 1, result: [file] });
    expect(await client.call('openFile', { path: '/etc/passwd' })).toMatchObject({
      id: 2,
      error: { kind: 'forbidden' },
    });
    expect(await client.call('openFile', { path: file })).toEqual({ id: 3, result: null });
    const report = client.updates.find((u) => u.kind === 'report');
    expect(report?.kind === 'report' && report.report.streams[0]?.packets).toBe(150);
    const exported = await client.call('exportReport', { folder: tempFolder() });
    expect('result' in exported && (exported.result as string[]).length).toBe(3);
    client.close();
  });
});
