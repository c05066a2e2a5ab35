import { Header, PageNav } from "@keycloak/keycloak-account-ui";
import { Page, Spinner, Bullseye } from "@patternfly/react-core";
import { Suspense } from "react";
import { Outlet } from "react-router-dom";

/** The console's frame: Keycloak's own header and navigation (menu from `content.json`). */
export const Root = () => (
  <Page header={<Header />} sidebar={<PageNav />} isManagedSidebar>
    <Suspense
      fallback={
        <Bullseye>
          <Spinner />
        </Bullseye>
      }
    >
      <Outlet />
    </Suspense>
  </Page>
);
