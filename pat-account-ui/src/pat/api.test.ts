import { describe, expect, it, vi } from "vitest";
import { ApiError, apiBaseUrl, createPatApi } from "./api";

function mockFetch(status: number, body?: unknown) {
  return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    new Response(body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
    }),
  );
}

const api = (fetch: ReturnType<typeof mockFetch>, token = "at-123") =>
  createPatApi({ serverBaseUrl: "https://kc.example/", realm: "my realm", getToken: async () => token, fetch });

describe("apiBaseUrl", () => {
  it("joins server, realm and path", () => {
    expect(apiBaseUrl("https://kc.example/auth/", "demo")).toBe("https://kc.example/auth/realms/demo/personal-access-tokens");
  });
});

describe("createPatApi", () => {
  it("lists tokens with the console's bearer token", async () => {
    const fetch = mockFetch(200, [{ id: "1", name: "ci" }]);
    const tokens = await api(fetch).listTokens();
    expect(tokens).toEqual([{ id: "1", name: "ci" }]);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe("https://kc.example/realms/my%20realm/personal-access-tokens");
    expect(init?.method).toBe("GET");
    expect((init?.headers as Record<string, string>).Authorization).toBe("Bearer at-123");
  });

  it("reads the options", async () => {
    const fetch = mockFetch(200, { teams: [], expirationDays: [7] });
    await api(fetch).getOptions();
    expect(fetch.mock.calls[0][0]).toBe("https://kc.example/realms/my%20realm/personal-access-tokens/options");
  });

  it("posts a create request as JSON", async () => {
    const fetch = mockFetch(201, { id: "9", name: "ci", token: "kcpat_abc" });
    const created = await api(fetch).createToken({ name: "ci", write: false, expirationDays: 30 });
    expect(created.token).toBe("kcpat_abc");
    const init = fetch.mock.calls[0][1]!;
    expect(init.method).toBe("POST");
    expect(JSON.parse(init.body as string)).toEqual({ name: "ci", write: false, expirationDays: 30 });
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("revokes with DELETE and accepts 204", async () => {
    const fetch = mockFetch(204);
    await expect(api(fetch).revokeToken("a/b")).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][0]).toBe("https://kc.example/realms/my%20realm/personal-access-tokens/a%2Fb");
    expect(fetch.mock.calls[0][1]?.method).toBe("DELETE");
  });

  it("turns a 400 into an ApiError carrying the server's description", async () => {
    const fetch = mockFetch(400, { error: "duplicate_name", errorDescription: "A token named ci already exists" });
    const error = await api(fetch).createToken({ name: "ci", write: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, error: "duplicate_name", errorDescription: "A token named ci already exists" });
    expect(error.message).toBe("A token named ci already exists");
  });

  it("copes with an error body that is not JSON", async () => {
    const fetch = mockFetch(502, "<html>Bad gateway</html>");
    const error = await api(fetch).listTokens().catch((e) => e);
    expect(error).toMatchObject({ status: 502, error: "http_502", errorDescription: undefined });
  });

  it("reports an unreachable server as status 0", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await createPatApi({ serverBaseUrl: "x", realm: "r", getToken: async () => "t", fetch }).listTokens().catch((e) => e);
    expect(error).toMatchObject({ status: 0, error: "network_error" });
  });
});
