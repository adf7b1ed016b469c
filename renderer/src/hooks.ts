/**
 * React access to the store, the actions and the transport.
 */

import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { Transport } from './api.ts';
import type { Actions } from './state/actions.ts';
import { liveTableData, reportTableData, type TableData } from './state/rows.ts';
import type { AppState, Store } from './state/store.ts';

export interface AppContextValue {
  store: Store;
  actions: Actions;
  transport: Pick<Transport, 'kind'>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('AppContext missing');
  return value;
}

/** The whole state; re-renders on every change (at most one engine message a second). */
export function useAppState(): AppState {
  const { store } = useApp();
  return useSyncExternalStore(store.subscribe, store.getState);
}

const EMPTY: TableData = { streams: [], calls: [] };

/** The table's data: the report's, else the live snapshot's. */
export function useTableData(state: AppState): TableData {
  const { report, snapshot, live } = state;
  const version = live.version;
  return useMemo(() => {
    void version;
    if (report !== null) return reportTableData(report);
    if (snapshot !== null) return liveTableData(snapshot, live);
    return EMPTY;
  }, [report, snapshot, live, version]);
}
