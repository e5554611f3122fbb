import { createStore, useStore } from 'zustand';

/** Whether the keyboard-shortcut overlay is open: view state only, outside the studio store's slices. */
export const helpState = createStore<{ open: boolean }>()(() => ({ open: false }));

export const useHelpOpen = (): boolean => useStore(helpState, (s) => s.open);
export const setHelpOpen = (open: boolean): void => helpState.setState({ open });
