import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";

/**
 * The environment Keycloak injects into index.ftl as `<script id="environment">` JSON
 * (serverBaseUrl, realm, clientId, baseUrl, resourceUrl, locale, features...).
 */
export function getInjectedEnvironment<T>(): T {
  const text = document.getElementById("environment")?.textContent;
  if (typeof text !== "string") {
    throw new Error("Environment variables not found in the document.");
  }
  return JSON.parse(text) as T;
}

export const environment = getInjectedEnvironment<AccountEnvironment>();
