// Renders the page as the console does (router, i18next with the theme's English texts) against a FakeServer.
// The test file mocks "@keycloak/keycloak-account-ui" with ./accountUiStub.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createInstance } from "i18next";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { vi } from "vitest";
import { PersonalAccessTokens } from "../PersonalAccessTokens";
import { readBundle } from "./bundles";
import type { FakeServer } from "./fakeServer";

const i18n = createInstance({
  lng: "en",
  fallbackLng: "en",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  resources: { en: { translation: Object.fromEntries(readBundle("en")) } },
  initAsync: false,
});
i18n.use(initReactI18next).init();

/** Shows the router's query string, so that a test can see the page drop `?regenerate=`. */
const Search = () => <output data-testid="search">{useLocation().search}</output>;

export function renderPage(server: FakeServer, url = "/personal-access-tokens") {
  vi.stubGlobal("fetch", server.fetch);
  const user = userEvent.setup();
  render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/personal-access-tokens"
            element={
              <>
                <PersonalAccessTokens />
                <Search />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </I18nextProvider>,
  );
  return { user, search: () => screen.getByTestId("search").textContent };
}
