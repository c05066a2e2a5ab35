import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { useMemo } from "react";
import { createPatApi, type PatApi } from "./api";

/** The API client, authenticated with the account console's own (refreshed) access token. */
export function usePatApi(): PatApi {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  return useMemo(
    () =>
      createPatApi({
        serverBaseUrl: environment.serverBaseUrl,
        realm: environment.realm,
        getToken: async () => {
          try {
            await keycloak.updateToken(5);
          } catch {
            // the session is gone: the call fails with 401 and the page says so
          }
          return keycloak.token;
        },
      }),
    [environment.serverBaseUrl, environment.realm, keycloak],
  );
}
