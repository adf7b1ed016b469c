/**
 * Renderer entry: picks the transport (Electron preload or serve's WebSocket), feeds engine
 * updates into the store (one dispatch per message, at most one snapshot a second), loads the
 * interfaces, offered files and settings whenever the connection opens, and renders the app.
 */

import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getTransport } from './api.ts';
import { AppContext, type AppContextValue } from './hooks.ts';
import { createActions } from './state/actions.ts';
import { Store } from './state/store.ts';

const transport = getTransport();
const store = new Store();
const actions = createActions(transport.api, store);

transport.api.onUpdate((update) => store.dispatch({ type: 'update', update }));
store.dispatch({ type: 'connection', status: transport.status() });
transport.onStatus((status) => {
  store.dispatch({ type: 'connection', status });
  if (status === 'open') void actions.load();
});
if (transport.status() === 'open') void actions.load();

const context: AppContextValue = { store, actions, transport };

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <AppContext value={context}>
        <App />
      </AppContext>
    </StrictMode>,
  );
