import { describe, expect, it } from 'vitest';
import {
  ApiError,
  backoffDelay,
  createWsClient,
  parseServerFrame,
  type SocketHandlers,
  serveSocketUrl,
  type Timers,
} from '../../renderer/src/lib/ws-client.ts';
import type { EngineUpdate } from '../../shared/ipc.ts';

/** A socket the test drives: what the client sent, and the server side's events. */
class FakeSocket {
  sent: string[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
  }
  frames() {
    return this.sent.map((text) => JSON.parse(text) as { id: number; method: string; argument?: unknown });
  }
  reply(frame: unknown) {
    this.handlers.message(JSON.stringify(frame));
  }
}

/** Timers run by hand. */
class FakeTimers implements Timers {
  pending: { callback: () => void; ms: number }[] = [];
  setTimeout(callback: () => void, ms: number) {
    const entry = { callback, ms };
    this.pending.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown) {
    this.pending = this.pending.filter((entry) => entry !== handle);
  }
  runNext() {
    const entry = this.pending.shift();
    entry?.callback();
    return entry?.ms;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const client = createWsClient({
    url: 'ws://127.0.0.1:8080/ws?token=t',
    connect: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    timers,
    initialDelayMs: 100,
    maxDelayMs: 1000,
  });
  const last = () => sockets[sockets.length - 1]!;
  return { client, sockets, timers, last };
}

describe('the WebSocket client', () => {
  it('queues calls until the socket opens, then sends ClientFrames with increasing ids', async () => {
    const { client, last } = setup();
    expect(client.status).toBe('connecting');
    const interfaces = client.listInterfaces();
    const started = client.startCapture({ interface: 'lo', filter: 'udp' });
    expect(last().sent).toEqual([]);
    last().handlers.open();
    expect(client.status).toBe('open');
    const frames = last().frames();
    expect(frames).toEqual([
      { id: 1, method: 'listInterfaces' },
      { id: 2, method: 'startCapture', argument: { interface: 'lo', filter: 'udp' } },
    ]);
    // Replies out of order are matched by id.
    last().reply({ id: 2, result: null });
    last().reply({ id: 1, result: [{ name: 'lo' }] });
    await expect(started).resolves.toBeUndefined();
    await expect(interfaces).resolves.toEqual([{ name: 'lo' }]);
  });

  it('rejects a call whose reply is an error, with the server’s kind', async () => {
    const { client, last } = setup();
    last().handlers.open();
    const call = client.exportReport();
    last().reply({ id: 1, error: { message: 'nothing to export yet', kind: 'empty' } });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: 'nothing to export yet', kind: 'empty' });
  });

  it('dispatches update frames to every listener until it unsubscribes', () => {
    const { client, last } = setup();
    last().handlers.open();
    const a: EngineUpdate[] = [];
    const b: EngineUpdate[] = [];
    const offA = client.onUpdate((u) => a.push(u));
    client.onUpdate((u) => b.push(u));
    const update: EngineUpdate = { kind: 'state', state: 'capturing', source: 'interface lo' };
    last().reply({ update });
    offA();
    last().reply({ update: { kind: 'progress', bytesRead: 1, totalBytes: 2, packets: 3 } });
    expect(a).toEqual([update]);
    expect(b).toHaveLength(2);
  });

  it('ignores malformed frames and replies to unknown ids', async () => {
    const { client, last } = setup();
    last().handlers.open();
    const files = client.listFiles();
    last().handlers.message('not json');
    last().handlers.message('[1,2]');
    last().reply({ id: 99, result: ['x'] });
    last().reply({ update: 'nope' });
    last().reply({ id: 1, result: ['/data/demo.pcap', 7] });
    await expect(files).resolves.toEqual(['/data/demo.pcap']);
  });

  it('rejects pending calls when the socket closes, and reconnects with backoff', async () => {
    const { client, sockets, timers, last } = setup();
    last().handlers.open();
    const settings = client.getSettings();
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    last().handlers.close();
    await expect(settings).rejects.toMatchObject({ kind: 'disconnected' });
    expect(client.status).toBe('closed');
    expect(timers.runNext()).toBe(100);
    expect(sockets).toHaveLength(2);
    last().handlers.close(); // refused
    expect(timers.runNext()).toBe(200);
    last().handlers.close();
    expect(timers.runNext()).toBe(400);
    last().handlers.open();
    expect(statuses).toEqual([
      'closed',
      'connecting',
      'closed',
      'connecting',
      'closed',
      'connecting',
      'open',
    ]);
    // After a successful open the backoff starts over.
    last().handlers.close();
    expect(timers.runNext()).toBe(100);
  });

  it('ignores events of an old socket and stops for good on dispose', async () => {
    const { client, sockets, timers, last } = setup();
    const old = last();
    old.handlers.open();
    old.handlers.close();
    timers.runNext();
    const fresh = last();
    fresh.handlers.open();
    const call = client.cancel();
    old.reply({ id: 1, error: { message: 'stale', kind: 'x' } });
    fresh.reply({ id: 1, result: null });
    await expect(call).resolves.toBeUndefined();
    const pending = client.stopCapture();
    client.dispose();
    await expect(pending).rejects.toBeInstanceOf(ApiError);
    expect(fresh.closed).toBe(true);
    fresh.handlers.close();
    expect(timers.pending).toHaveLength(0);
    expect(sockets).toHaveLength(2);
    await expect(client.listFiles()).rejects.toBeInstanceOf(ApiError);
  });

  it('classifies frames', () => {
    expect(parseServerFrame('{"id":3,"result":null}')).toEqual({ type: 'result', id: 3, result: null });
    expect(parseServerFrame('{"id":3,"error":{"message":"m","kind":"busy"}}')).toEqual({
      type: 'error',
      id: 3,
      message: 'm',
      kind: 'busy',
    });
    expect(parseServerFrame('{"id":"3","result":1}')).toEqual({ type: 'invalid' });
    expect(parseServerFrame('{"update":{"kind":"report"}}').type).toBe('update');
  });

  it('builds the socket URL from the page location, passing the token on', () => {
    expect(serveSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:8080/ws?token=a%2Bb',
    );
    expect(serveSocketUrl({ protocol: 'https:', host: 'box:443', search: '' })).toBe('wss://box:443/ws');
    expect(backoffDelay(10, 500, 10_000)).toBe(10_000);
  });
});
