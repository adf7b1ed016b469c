/**
 * `callscope serve`: the renderer over HTTP and the CallscopeApi over a WebSocket (/ws), so the app
 * runs in a browser. On loopback it needs nothing more; bound anywhere else it requires the token it
 * prints at start, on the WebSocket and on every page request. Requests are validated like IPC.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import {
  API_METHODS,
  type ApiMethod,
  type CallscopeApi,
  parseRequest,
  type ServerFrame,
} from '../../shared/ipc.ts';

/** Largest WebSocket message accepted from a client, bytes. */
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Whether a host to bind is loopback (no token needed there). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ServeOptions {
  host: string;
  port: number;
  /** The built renderer folder. */
  staticDir: string;
  backend: CallscopeApi;
  /** Force a token even on loopback (tests); generated when needed and not given. */
  token?: string | null;
}

export interface RunningServer {
  /** The URL to open (with the token when one is required). */
  url: string;
  token: string | null;
  server: Server;
  close(): Promise<void>;
}

async function serveStatic(
  staticDir: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const relative =
    decodeURIComponent(url.pathname) === '/' ? 'index.html' : decodeURIComponent(url.pathname).slice(1);
  const root = resolve(staticDir);
  const file = resolve(join(root, relative));
  if (!file.startsWith(root + sep)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

/** Handles one client frame: validate, call the API, reply. */
export async function handleFrame(api: CallscopeApi, text: string): Promise<ServerFrame | null> {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { id, method, argument } = frame as { id?: unknown; method?: unknown; argument?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  if (typeof method !== 'string' || !(API_METHODS as readonly string[]).includes(method)) {
    return { id, error: { message: `unknown method ${String(method).slice(0, 40)}`, kind: 'usage' } };
  }
  try {
    const parsed = parseRequest(method as ApiMethod, argument);
    const call = api[method as ApiMethod] as (argument?: unknown) => Promise<unknown>;
    const result = await call.call(api, parsed);
    return { id, result: result ?? null };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const kind = (error as { kind?: unknown }).kind;
    return {
      id,
      error: {
        message,
        kind: typeof kind === 'string' ? kind : error instanceof Error ? error.name : 'error',
      },
    };
  }
}

/** Starts the HTTP + WebSocket server. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token =
    options.token !== undefined && options.token !== null
      ? options.token
      : isLoopbackHost(options.host)
        ? null
        : randomBytes(16).toString('hex');
  const tokenOf = (request: IncomingMessage) =>
    new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // The page itself carries the token on to the WebSocket; assets are fetched by the page.
    if (token !== null && url.pathname === '/' && !tokenMatches(token, tokenOf(request))) {
      response
        .writeHead(401, { 'content-type': 'text/plain' })
        .end('a token is required: use the URL callscope serve printed');
      return;
    }
    void serveStatic(options.staticDir, request, response);
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || (token !== null && !tokenMatches(token, tokenOf(request)))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const unsubscribe = options.backend.onUpdate((update) => send(ws, { update }));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        void handleFrame(options.backend, data.toString()).then((reply) => {
          if (reply !== null) send(ws, reply);
        });
      });
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}/${token === null ? '' : `?token=${token}`}`,
    token,
    server,
    close: () =>
      new Promise((resolveClose) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolveClose());
      }),
  };
}
