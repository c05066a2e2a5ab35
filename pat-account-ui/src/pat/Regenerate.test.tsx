// @vitest-environment jsdom
// Regenerating a token from the page: confirm, grace, the new token shown once, a fresh sign-in, the
// `?regenerate=<id>` link of the expiry reminder, and the row details of a regenerated token.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { keycloak } from "./testing/accountUiStub";
import { FakeServer, tokenView } from "./testing/fakeServer";
import { renderPage } from "./testing/renderPage";

vi.mock("@keycloak/keycloak-account-ui", () => import("./testing/accountUiStub"));

beforeEach(() => vi.clearAllMocks());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rows = () => screen.queryAllByTestId("pat-row");
const graceSelect = () => screen.getByLabelText("Grace period for the old token") as HTMLSelectElement;
const offered = () => [...graceSelect().options].map((o) => o.textContent);

describe("regenerate", () => {
  it("asks first, then shows the new token once; without grace the old one is gone", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Regenerate token ci" }));

    const confirm = screen.getByRole("dialog");
    expect(within(confirm).getByText("Regenerate token?")).toBeTruthy();
    expect(within(confirm).getByText(/A new token replaces "ci" \(kcpat_Ab12Cd34Ef\)/)).toBeTruthy();
    expect(graceSelect().value).toBe("0");
    expect(within(confirm).getByText("Anything still using the old token stops working immediately.")).toBeTruthy();
    expect(server.callsTo("POST /t-1/rotate")).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Regenerate" }));

    const shown = await screen.findByText("Your new personal access token");
    const dialog = screen.getByRole("dialog");
    expect(dialog.contains(shown)).toBe(true);
    const secret = (within(dialog).getByLabelText('Token "ci"') as HTMLInputElement).value;
    expect(secret).toMatch(/^kcpat_New1xxSECRET/);
    expect(server.callsTo("POST /t-1/rotate")[0].body).toEqual({ graceSeconds: 0 });
    await user.click(within(dialog).getByRole("button", { name: "Copy to clipboard" }));
    expect(await navigator.clipboard.readText()).toBe(secret);

    await user.click(within(dialog).getByRole("button", { name: "I have copied the token" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(within(rows()[0]).queryByText("kcpat_New1xx")).toBeTruthy());
    expect(rows()).toHaveLength(1);
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it("offers the grace periods the policy allows, and sends the one chosen", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Regenerate token ci" }));
    expect(offered()).toEqual(["None", "1 hour", "1 day"]);

    await user.selectOptions(graceSelect(), "1 hour");
    expect(
      screen.getByText("The old token keeps working for another 1 hour, so that you can switch your tools to the new one."),
    ).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Regenerate" }));
    await screen.findByText("Your new personal access token");
    expect(server.callsTo("POST /t-1/rotate")[0].body).toEqual({ graceSeconds: 3600 });
    await user.click(screen.getByRole("button", { name: "I have copied the token" }));
    // during the grace both are listed
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it.each([
    [3600, ["None", "1 hour"], false],
    [0, ["None"], true],
  ])("with rotationGraceMaxSeconds %i offers %j", async (max, choices, disabled) => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    server.options = { ...server.options, rotationGraceMaxSeconds: max };
    const { user } = renderPage(server);
    await waitFor(() => expect(server.callsTo("GET /options")).toHaveLength(1));
    await user.click(await screen.findByRole("button", { name: "Regenerate token ci" }));
    await waitFor(() => expect(offered()).toEqual(choices));
    expect(graceSelect().disabled).toBe(disabled);
  });

  it("asks for a fresh sign-in that comes back to this token's dialog (401 reauthentication_required)", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    server.failNext("POST /t-1/rotate", { status: 401, body: { error: "reauthentication_required" } });
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Regenerate token ci" }));
    await user.click(screen.getByRole("button", { name: "Regenerate" }));

    expect(await screen.findByText("Sign in again to regenerate the token")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Sign in again" }));
    expect(keycloak.login).toHaveBeenCalledTimes(1);
    const options = keycloak.login.mock.calls[0][0] as { prompt: string; redirectUri: string };
    expect(options.prompt).toBe("login");
    expect(new URL(options.redirectUri).searchParams.get("regenerate")).toBe("t-1");
    expect(rows()).toHaveLength(1);
  });

  it("says so when the token was already regenerated", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    server.failNext("POST /t-1/rotate", {
      status: 400,
      body: { error: "already_rotated", errorDescription: "This token was already rotated; rotate its successor." },
    });
    const { user } = renderPage(server);
    await user.click(await screen.findByRole("button", { name: "Regenerate token ci" }));
    await user.click(screen.getByRole("button", { name: "Regenerate" }));
    const dialog = screen.getByRole("dialog");
    expect(await within(dialog).findByText("The token could not be regenerated")).toBeTruthy();
    expect(within(dialog).getByText(/already been regenerated/)).toBeTruthy();
  });
});

describe("the ?regenerate= link", () => {
  it("opens the dialog of a listed token, once", async () => {
    const server = new FakeServer([tokenView({ name: "ci" }), tokenView({ id: "t-2", name: "backup" })]);
    const { search } = renderPage(server, "/personal-access-tokens?regenerate=t-2");
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/A new token replaces "backup"/)).toBeTruthy();
    await waitFor(() => expect(search()).toBe(""));
  });

  it("is ignored for a token that is not listed", async () => {
    const server = new FakeServer([tokenView({ name: "ci" })]);
    const { search } = renderPage(server, "/personal-access-tokens?regenerate=gone");
    await waitFor(() => expect(rows()).toHaveLength(1));
    await waitFor(() => expect(search()).toBe(""));
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

describe("row details", () => {
  it("show the predecessor of a regenerated token and the addresses of its last uses", async () => {
    const server = new FakeServer([
      tokenView({ id: "t-2", name: "ci", prefix: "kcpat_Second", rotatedFrom: "t-1", lastUsedIps: ["203.0.113.7", "2001:db8::1"] }),
      tokenView({ id: "t-1", name: "ci", prefix: "kcpat_First" }),
      tokenView({ id: "t-3", name: "old", rotatedFrom: "deleted" }),
    ]);
    const { user } = renderPage(server);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByTestId("pat-row-details")).toBeNull();

    await user.click(within(rows()[0]).getByRole("button", { name: "Details of token ci" }));
    const details = screen.getByTestId("pat-row-details");
    expect(within(details).getByText("ci (kcpat_First)")).toBeTruthy();
    expect(within(details).getByText("203.0.113.7")).toBeTruthy();
    expect(within(details).getByText("2001:db8::1")).toBeTruthy();

    await user.click(within(rows()[2]).getByRole("button", { name: "Details of token old" }));
    const all = screen.getAllByTestId("pat-row-details");
    expect(within(all[1]).getByText("A token that is no longer listed")).toBeTruthy();
    expect(within(all[1]).getByText("No use recorded yet")).toBeTruthy();
  });
});
