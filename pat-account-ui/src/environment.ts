import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";

/**
 * The environment Keycloak injects into index.ftl as `<script id="environment">` JSON
 * (serverBaseUrl, realm, clientId, baseUrl, resourceUrl, locale, features...).
 */
export const environment = getInjectedEnvironment<AccountEnvironment>();
