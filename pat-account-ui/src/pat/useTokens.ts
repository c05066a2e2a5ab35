import { usePromise } from "@keycloak/keycloak-account-ui";
import { useCallback, useState } from "react";
import type { PatApi, TokenOptions, TokenView } from "./api";

/** A loaded value or why it could not be loaded (shown inline, not thrown to the error page). */
type Loaded<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

/**
 * Loads with Keycloak's `usePromise` (aborted on unmount and on reload), keeping a failure as state:
 * `usePromise` itself would throw it to the route's error page. An aborted load changes nothing.
 */
function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> | undefined {
  const [loaded, setLoaded] = useState<Loaded<T>>();
  usePromise(
    (signal) =>
      load(signal).then(
        (value): Loaded<T> | undefined => (signal.aborted ? undefined : { value }),
        (error: unknown): Loaded<T> | undefined => (signal.aborted ? undefined : { error }),
      ),
    (result) => result && setLoaded(result),
    deps,
  );
  return loaded;
}

/** The caller's tokens and the options for new ones, reloaded together by `reload()`. */
export function useTokens(api: PatApi) {
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  const tokens = useLoaded((signal) => api.listTokens(signal), [api, reloadKey]);
  const options = useLoaded((signal) => api.getOptions(signal), [api, reloadKey]);
  return {
    tokens: tokens?.value as TokenView[] | undefined,
    loadError: tokens?.error,
    options: options?.value as TokenOptions | undefined,
    optionsError: options?.error,
    reload,
  };
}
