/**
 * Entry of the engine worker thread (built by electron-vite as out/main/engine-worker.js next to
 * index.js). File analysis and live capture parse at up to millions of packets a second; running the
 * Backend here keeps the main process (and with it window, menus and IPC) responsive. Speaks the
 * frames of engine-protocol.ts over parentPort.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { createEngineBackend, isEngineConfig } from './engine-backend.ts';
import { serveBackend } from './engine-protocol.ts';

if (parentPort === null) throw new Error('engine-worker runs as a worker thread only');
if (!isEngineConfig(workerData)) throw new Error('engine-worker: workerData is not an EngineConfig');

const port = parentPort;
serveBackend(port, createEngineBackend(workerData), () => port.close());
