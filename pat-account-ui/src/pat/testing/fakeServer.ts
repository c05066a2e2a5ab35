// A stand-in for the self-service API behind `fetch`, for component tests: it keeps a list of tokens, answers
// like the server (docs/openapi.yaml), records the calls, and can fail the next call of a route.
import type { CreatedToken, TokenOptions, TokenView } from "../api";

export const API = "https://kc.test/realms/test/personal-access-tokens";

export type Call = { method: string; path: string; body?: Record<string, unknown> };
type Failure = { status: number; body?: unknown } | "network";

export function tokenView(over: Partial<TokenView> = {}): TokenView {
  return {
    id: "t-1",
    name: "ci",
    prefix: "kcpat_Ab12Cd34Ef",
    team: null,
    write: false,
    roles: null,
    createdAt: Math.floor(Date.now() / 1000) - 3600,
    expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
    lastUsedAt: null,
    status: "active",
    lastUsedIps: [],
    rotatedFrom: null,
    ...over,
  };
}

export class FakeServer {
  tokens: TokenView[];
  options: TokenOptions = {
    teams: [],
    teamRequired: false,
    expirationDays: [30, 90],
    allowNoExpiration: false,
    maxLifetimeDays: 365,
    writeAllowed: false,
    grantableRoles: [],
    maxTokensPerUser: 10,
    rotationGraceMaxSeconds: 86_400,
  };
  readonly calls: Call[] = [];
  private readonly failures = new Map<string, Failure>();
  private issued = 0;

  constructor(tokens: TokenView[] = []) {
    this.tokens = tokens;
  }

  /** The next `method path` call (e.g. "POST /t-1/rotate") fails with this answer, or cannot reach the server. */
  failNext(route: string, failure: Failure): void {
    this.failures.set(route, failure);
  }

  callsTo(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    if (!url.startsWith(API)) throw new Error(`unexpected URL ${url}`);
    const method = init.method ?? "GET";
    const path = url.slice(API.length);
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    this.calls.push({ method, path, body });
    const route = `${method} ${path}`;
    const failure = this.failures.get(route);
    if (failure) {
      this.failures.delete(route);
      if (failure === "network") throw new TypeError("Failed to fetch");
      return json(failure.status, failure.body);
    }
    return this.answer(method, path, body ?? {});
  };

  private answer(method: string, path: string, body: Record<string, unknown>): Response {
    if (method === "GET" && path === "") return json(200, this.tokens);
    if (method === "GET" && path === "/options") return json(200, this.options);
    if (method === "POST" && path === "") return json(201, this.issue({ name: String(body.name) }));
    const rotate = /^\/([^/]+)\/rotate$/.exec(path);
    if (method === "POST" && rotate) {
      const old = this.tokens.find((t) => t.id === rotate[1]);
      if (!old) return json(404, { error: "not_found" });
      if (!body.graceSeconds) this.tokens = this.tokens.filter((t) => t !== old);
      return json(201, this.issue({ ...old, rotatedFrom: old.id, lastUsedAt: null, lastUsedIps: [] }));
    }
    const one = /^\/([^/]+)$/.exec(path);
    if (method === "DELETE" && one) {
      this.tokens = this.tokens.filter((t) => t.id !== one[1]);
      return new Response(null, { status: 204 });
    }
    return json(404, { error: "not_found" });
  }

  private issue(over: Partial<TokenView>): CreatedToken {
    this.issued += 1;
    const view = tokenView({ ...over, id: `new-${this.issued}`, prefix: `kcpat_New${this.issued}xx` });
    this.tokens = [view, ...this.tokens];
    return { ...view, token: `kcpat_New${this.issued}xxSECRETsecret${this.issued}` };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}
