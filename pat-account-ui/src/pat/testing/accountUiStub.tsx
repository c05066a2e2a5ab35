// What the page takes from @keycloak/keycloak-account-ui, for component tests (vi.mock): Keycloak's real
// `usePromise`; the console frame (`Page`), the alerts and the environment (keycloak-js) as simple stand-ins.
import { vi } from "vitest";
import type { ReactNode } from "react";

const actual = await vi.importActual<typeof import("@keycloak/keycloak-account-ui")>("@keycloak/keycloak-account-ui");

export const usePromise = actual.usePromise;

export const Page = ({ title, description, children }: { title: string; description: string; children: ReactNode }) => (
  <main>
    <h1>{title}</h1>
    <p>{description}</p>
    {children}
  </main>
);

export const alerts = { addAlert: vi.fn() };
export const useAccountAlerts = () => alerts;

/** keycloak-js as the page uses it: a bearer token, and `login` for a fresh sign-in. */
export const keycloak = {
  token: "account-console-access-token",
  updateToken: vi.fn(async () => true),
  login: vi.fn(async (_options?: unknown) => undefined),
};

const environment = { serverBaseUrl: "https://kc.test", realm: "test" };
export const useEnvironment = () => ({ environment, keycloak });
