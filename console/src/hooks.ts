import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.js';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `path` (again when it changes), and every `refreshMs` while the page is shown. Server-sent events would
 * not do: EventSource cannot send the Authorization header the admin interface needs, so live views poll.
 */
export function useApi<T>(path: string | null, refreshMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  const current = useRef(path);
  current.current = path;
  useEffect(() => {
    if (path === null) return;
    let stop = false;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path).then(
      (data) => !stop && current.current === path && setState({ data, loading: false }),
      (error: ApiError) => !stop && current.current === path && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      stop = true;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!refreshMs || path === null) return;
    const t = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(t);
  }, [refreshMs, path]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
