/**
 * The window: capture bar on top, streams table left, gauges right, timeline below; errors under
 * the bar. Keys: / filter, Esc clear selection, Ctrl+O open, Ctrl+E export.
 */

import { useEffect, useRef, useState } from 'react';
import { CaptureBar } from './components/CaptureBar.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { Gauges } from './components/Gauges.tsx';
import { Settings } from './components/Settings.tsx';
import { StreamsTable } from './components/StreamsTable.tsx';
import { Timeline } from './components/Timeline.tsx';
import { useApp, useAppState } from './hooks.ts';

/** Whether a key event comes from a text field (where / and Esc belong to the field). */
function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'submit'].includes(target.type)
  );
}

function Errors() {
  const { store } = useApp();
  const { errors } = useAppState();
  if (errors.length === 0) return null;
  return (
    <div className="errors" data-testid="errors" role="alert">
      {errors.map((error) => (
        <div key={error.id} className="error" data-testid="error" data-kind={error.kind}>
          <span className="error-kind">{error.kind}</span>
          <span className="error-message">{error.message}</span>
          {error.hint !== null ? <span className="error-hint">{error.hint}</span> : null}
          <button
            type="button"
            className="icon"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => store.dispatch({ type: 'dismissError', id: error.id })}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function App() {
  const { store, actions, transport } = useApp();
  const { settingsOpen } = useAppState();
  const filterRef = useRef<HTMLInputElement>(null);
  const fileSelectRef = useRef<HTMLSelectElement>(null);
  const [chosenFile, setChosenFile] = useState('');
  const chosenRef = useRef(chosenFile);
  chosenRef.current = chosenFile;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = store.getState();
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && !event.shiftKey && (event.key === 'o' || event.key === 'O')) {
        event.preventDefault();
        if (state.engine.state !== 'idle') return;
        if (transport.kind === 'electron') void actions.openFile();
        else if (chosenRef.current !== '') void actions.openFile(chosenRef.current);
        else fileSelectRef.current?.focus();
        return;
      }
      if (mod && !event.altKey && !event.shiftKey && (event.key === 'e' || event.key === 'E')) {
        event.preventDefault();
        if (state.report !== null && state.engine.state === 'idle') void actions.exportReport();
        return;
      }
      if (mod || event.altKey || state.settingsOpen) return;
      if (event.key === '/' && !inTextField(event.target)) {
        event.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      } else if (event.key === 'Escape' && !inTextField(event.target)) {
        store.dispatch({ type: 'clearSelection' });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, actions, transport]);

  return (
    <div className="app" data-testid="app">
      <CaptureBar fileSelectRef={fileSelectRef} chosenFile={chosenFile} onChooseFile={setChosenFile} />
      <Errors />
      <main className="workspace">
        <StreamsTable filterRef={filterRef} empty={<EmptyState />} />
        <Gauges />
        <Timeline />
      </main>
      {settingsOpen ? <Settings /> : null}
    </div>
  );
}
