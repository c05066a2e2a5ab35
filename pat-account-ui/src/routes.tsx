import { routes as accountRoutes } from "@keycloak/keycloak-account-ui";
import type { RouteObject } from "react-router-dom";
import { environment } from "./environment";
import { ErrorPage } from "./ErrorPage";
import { PersonalAccessTokens } from "./pat/PersonalAccessTokens";
import { Root } from "./Root";


/** Path of our page below the console's base URL: `/realms/{realm}/account/personal-access-tokens`. */
export const PERSONAL_ACCESS_TOKENS_PATH = "personal-access-tokens";

export const PersonalAccessTokensRoute: RouteObject = {
  path: PERSONAL_ACCESS_TOKENS_PATH,
  element: <PersonalAccessTokens />,
  errorElement: <ErrorPage />,
};

export const RootRoute: RouteObject = {
  path: decodeURIComponent(new URL(environment.baseUrl).pathname),
  element: <Root />,
  errorElement: <ErrorPage />,
  // Keycloak's own pages (personal info, signing in, device activity, ...) plus ours.
  children: [...accountRoutes, PersonalAccessTokensRoute],
};

export const routes: RouteObject[] = [RootRoute];
