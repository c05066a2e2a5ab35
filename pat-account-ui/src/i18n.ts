import { createInstance, type LanguageDetectorModule } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment } from "./environment";

// Same wiring as Keycloak's account console: every text comes from the theme's message bundles
// (keycloak.v3's plus ours, `theme/keycloak-pat/account/messages/messages_*.properties`) and the
// realm's localization texts, served as JSON by `/resources/{realm}/account/{locale}`.

type KeyValue = { key: string; value: string };

const keycloakLanguageDetector: LanguageDetectorModule = {
  type: "languageDetector",
  detect: () => environment.locale,
};

export const i18n = createInstance({
  fallbackLng: "en",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  backend: {
    loadPath: `${environment.serverBaseUrl.replace(/\/+$/, "")}/resources/${encodeURIComponent(environment.realm)}/account/{{lng}}`,
    parse: (data: string) => {
      const messages = JSON.parse(data) as KeyValue[];
      return Object.fromEntries(messages.map(({ key, value }) => [key, value]));
    },
  },
});

i18n.use(FetchBackend);
i18n.use(keycloakLanguageDetector);
i18n.use(initReactI18next);
