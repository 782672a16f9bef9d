// The state part of /healthz: which backend, whether it answers, and why not. A small function so the route
// stays one line.
import type { StateHealth } from './ports.js';

export const stateHealthJson = (h: StateHealth): { ready: boolean; backend: string; error?: string } => ({
  ready: h.ready,
  backend: h.backend,
  ...(h.error ? { error: h.error } : {}),
});
