// @vitest-environment jsdom
// The page as a user works it: list, create and copy once, revoke, the error states.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alerts, keycloak } from "./testing/accountUiStub";
import { FakeServer, tokenView } from "./testing/fakeServer";
import { renderPage } from "./testing/renderPage";

vi.mock("@keycloak/keycloak-account-ui", () => import("./testing/accountUiStub"));

beforeEach(() => {
  vi.clearAllMocks();
  window.sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rows = () => screen.queryAllByTestId("pat-row");

describe("the list", () => {
  it("shows each token with its prefix", async () => {
    renderPage(new FakeServer([tokenView({ name: "ci" }), tokenView({ id: "t-2", name: "backup", prefix: "kcpat_Zz99" })]));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[1]).getByText("backup")).toBeTruthy();
    expect(within(rows()[1]).getByText("kcpat_Zz99")).toBeTruthy();
  });

  it("explains personal access tokens when there are none", async () => {
    renderPage(new FakeServer());
    expect(await screen.findByText("No personal access tokens")).toBeTruthy();
  });
});

describe("create", () => {
  it("creates a token and shows it once, with a copy button", async () => {
    const server = new FakeServer();
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Create token" }));
    await user.type(screen.getByLabelText(/^Name/), "deploy");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("Your new personal access token")).toBeTruthy();
    const secret = (within(dialog).getByLabelText('Token "deploy"') as HTMLInputElement).value;
    expect(secret).toMatch(/^kcpat_New1xxSECRET/);
    expect(server.callsTo("POST ")[0].body).toEqual({ name: "deploy", write: false, expirationDays: 30 });
    expect(within(dialog).getByText("Copy your token now")).toBeTruthy();

    await user.click(within(dialog).getByRole("button", { name: "Copy to clipboard" }));
    expect(await navigator.clipboard.readText()).toBe(secret);

    await user.click(within(dialog).getByRole("button", { name: "I have copied the token" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(rows()).toHaveLength(1));
    // the secret is gone from the page: only the prefix is listed
    expect(document.body.innerHTML).not.toContain(secret);
    expect(within(rows()[0]).getByText("kcpat_New1xx")).toBeTruthy();
  });

  it("sends the user to sign in again when the server wants a recent login (401 reauthentication_required)", async () => {
    const server = new FakeServer();
    server.failNext("POST ", { status: 401, body: { error: "reauthentication_required", errorDescription: "Sign in again." } });
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Create token" }));
    await user.type(screen.getByLabelText(/^Name/), "deploy");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByText("Sign in again to create a token")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Sign in again" }));
    expect(keycloak.login).toHaveBeenCalledWith(expect.objectContaining({ prompt: "login" }));
    // what was typed comes back after the login
    expect(window.sessionStorage.getItem("keycloak-pat.reauth-create")).toContain('"name":"deploy"');
  });

  it.each([
    [
      "429 too many creations",
      { status: 429, body: { error: "too_many_requests", errorDescription: "Retry later." } },
      "You have created many tokens in a short time. Wait a minute, then try again.",
    ],
    [
      "400 with the server's message",
      { status: 400, body: { error: "invalid_request", errorDescription: "The name contains a control character." } },
      "The name contains a control character.",
    ],
    ["a network error", "network" as const, "The server could not be reached. Check your connection and try again."],
  ])("says what went wrong on %s and keeps the dialog", async (_case, failure, message) => {
    const server = new FakeServer();
    server.failNext("POST ", failure);
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Create token" }));
    await user.type(screen.getByLabelText(/^Name/), "deploy");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const dialog = screen.getByRole("dialog");
    expect(await within(dialog).findByText(message)).toBeTruthy();
    expect(within(dialog).getByText("The token could not be created")).toBeTruthy();
    expect(screen.queryByLabelText('Token "deploy"')).toBeNull();
    expect(server.tokens).toHaveLength(0);
  });
});

describe("revoke", () => {
  it("asks, then revokes the token", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Revoke token ci" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByText(/Revoke the token "ci" \(kcpat_Ab12Cd34Ef\)\?/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Revoke" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(server.callsTo("DELETE /t-1")).toHaveLength(1);
    expect(alerts.addAlert).toHaveBeenCalledWith('Token "ci" revoked');
    expect(await screen.findByText("No personal access tokens")).toBeTruthy();
  });

  it("keeps the dialog and the token when revoking fails", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    server.failNext("DELETE /t-1", { status: 503 });
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Revoke token ci" }));
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Revoke" }));

    expect(await within(dialog).findByText("The server had a problem (503). Try again later.")).toBeTruthy();
    expect(rows()).toHaveLength(1);
  });
});

describe("loading fails", () => {
  it("says the session has expired on 401", async () => {
    const server = new FakeServer();
    server.failNext("GET ", { status: 401 });
    renderPage(server);
    expect(await screen.findByText("Could not load your personal access tokens")).toBeTruthy();
    expect(screen.getByText("Your session has expired. Reload the page to sign in again.")).toBeTruthy();
  });

  it("says the server cannot be reached, once, on a network error", async () => {
    const server = new FakeServer();
    server.failNext("GET ", "network");
    server.failNext("GET /options", "network");
    renderPage(server);
    expect(await screen.findByText("Could not load your personal access tokens")).toBeTruthy();
    expect(screen.getAllByTestId("pat-error")).toHaveLength(1);
  });

  it("loads again with the refresh button", async () => {
    const server = new FakeServer([tokenView()]);
    const { user } = renderPage(server);
    await waitFor(() => expect(rows()).toHaveLength(1));
    server.tokens = [...server.tokens, tokenView({ id: "t-2", name: "other" })];
    await user.click(screen.getByRole("button", { name: "Refresh the list of tokens" }));
    await waitFor(() => expect(rows()).toHaveLength(2));
  });
});
