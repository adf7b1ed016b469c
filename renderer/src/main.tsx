/**
 * Renderer entry. The streams table, gauges and timeline arrive with the desktop-app issue; this
 * first screen says what the app is and how to analyse a capture from the command line meanwhile.
 */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>callscope</h1>
      <p>Per-stream, per-second RTP quality. Meanwhile: npx callscope analyze FILE</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
