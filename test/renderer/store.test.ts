import { describe, expect, it } from 'vitest';
import { describeError } from '../../renderer/src/state/actions.ts';
import { initialState, reduce, Store } from '../../renderer/src/state/store.ts';
import { liveStream, report, second, snapshot, stream } from './fixtures.ts';

describe('the store', () => {
  it('clears the previous run when a capture or analysis starts', () => {
    let state = initialState();
    state = reduce(state, { type: 'update', update: { kind: 'report', report: report([stream(1)]) } });
    state = reduce(state, { type: 'select', selection: { streamIds: [1], callId: null, anchor: 's:1' } });
    state = reduce(state, { type: 'error', kind: 'permission', message: 'no permission', hint: 'setcap' });
    state = reduce(state, {
      type: 'update',
      update: { kind: 'state', state: 'capturing', source: 'interface lo' },
    });
    expect(state.report).toBeNull();
    expect(state.selection.streamIds).toEqual([]);
    expect(state.errors).toEqual([]);
    state = reduce(state, {
      type: 'update',
      update: { kind: 'snapshot', snapshot: snapshot(2, [liveStream(1, second(0))]) },
    });
    expect(state.live.tracks.size).toBe(1);
    // The same state again (a reconnect) keeps the data.
    const again = reduce(state, {
      type: 'update',
      update: { kind: 'state', state: 'capturing', source: null },
    });
    expect(again.live.tracks.size).toBe(1);
    // The report after the capture replaces the live figures but keeps the selection's context.
    const done = reduce(again, { type: 'update', update: { kind: 'report', report: report([stream(1)]) } });
    expect(done.report?.streams).toHaveLength(1);
    expect(done.snapshot).not.toBeNull();
  });

  it('shows an error once when the engine reports it and the request rejects with it', () => {
    let state = initialState();
    state = reduce(state, {
      type: 'update',
      update: { kind: 'error', errorKind: 'permission', message: 'm', hint: 'h' },
    });
    state = reduce(state, { type: 'error', kind: 'permission', message: 'm', hint: null });
    expect(state.errors).toHaveLength(1);
    expect(state.errors[0]).toMatchObject({ kind: 'permission', hint: 'h' });
  });

  it('cycles a column’s sort: ascending, descending, report order', () => {
    let state = initialState();
    state = reduce(state, { type: 'sort', key: 'mos' });
    expect(state.sort).toEqual({ key: 'mos', descending: false });
    state = reduce(state, { type: 'sort', key: 'mos' });
    expect(state.sort).toEqual({ key: 'mos', descending: true });
    state = reduce(state, { type: 'sort', key: 'mos' });
    expect(state.sort).toEqual({ key: null, descending: false });
  });

  it('notifies subscribers only on change', () => {
    const store = new Store();
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: 'clearSelection' });
    store.dispatch({ type: 'filter', text: 'x' });
    expect(calls).toBe(1);
  });

  it('strips Electron’s remote-method prefix from errors', () => {
    const error = Object.assign(
      new Error("Error invoking remote method 'callscope:startCapture': Error: busy"),
      {
        kind: 'busy',
      },
    );
    expect(describeError(error)).toEqual({ kind: 'busy', message: 'busy', hint: null });
  });
});
