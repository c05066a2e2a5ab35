import "@patternfly/react-core/dist/styles/base.css";
import "@patternfly/patternfly/patternfly-addons.css";
// The components of Keycloak's own pages come pre-built with their styles in one file that the
// package does not export; import it by path.
import "../node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css";

import { KeycloakProvider } from "@keycloak/keycloak-account-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { environment } from "./environment";
import { i18n } from "./i18n";
import { routes } from "./routes";

const router = createBrowserRouter(routes);

await i18n.init();

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <KeycloakProvider environment={environment}>
      <RouterProvider router={router} />
    </KeycloakProvider>
  </StrictMode>,
);
