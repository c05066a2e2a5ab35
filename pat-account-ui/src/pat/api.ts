// Client for the self-service REST API of keycloak-pat (docs/api.md, "Self-service API"):
// `${serverBaseUrl}/realms/{realm}/personal-access-tokens`, called with the account console's
// own access token. All instants are epoch seconds.

export type Team = { id: string; name: string };

export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  team: Team | null;
  write: boolean;
  roles: string[] | null;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  status: "active" | "expired";
  /** Up to 5 distinct client addresses of the last uses, newest first. */
  lastUsedIps: string[];
  /** The id of the token this one replaced by rotation (regeneration). */
  rotatedFrom: string | null;
};

export type CreatedToken = TokenView & { token: string };

export type TokenOptions = {
  /** The caller's teams; a new token belongs to one of them. */
  teams: Team[];
  /** True when the realm has teams, so a token needs one (even if the caller is in none). */
  teamRequired?: boolean;
  expirationDays: number[];
  allowNoExpiration: boolean;
  maxLifetimeDays: number | null;
  writeAllowed: boolean;
  grantableRoles: string[];
  /** How many live tokens a user may have (null or absent: no limit announced). */
  maxTokensPerUser?: number | null;
  /** The longest grace a regeneration may give the old token (absent: none). */
  rotationGraceMaxSeconds?: number;
};

export type CreateRequest = {
  name: string;
  teamId?: string;
  expirationDays?: number;
  expiresAt?: number;
  write: boolean;
  roles?: string[];
};

/** A failed call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly errorDescription?: string;

  constructor(status: number, error: string, errorDescription?: string) {
    super(errorDescription || error);
    this.name = "ApiError";
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

export type PatApiConfig = {
  /** `${serverBaseUrl}` as injected by Keycloak (no trailing slash needed). */
  serverBaseUrl: string;
  realm: string;
  /** Returns a fresh bearer token (the account console's access token). */
  getToken: () => Promise<string | undefined>;
  fetch?: typeof fetch;
};

export function apiBaseUrl(serverBaseUrl: string, realm: string): string {
  return `${serverBaseUrl.replace(/\/+$/, "")}/realms/${encodeURIComponent(realm)}/personal-access-tokens`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let error = `http_${response.status}`;
  let description: string | undefined;
  try {
    const text = await response.text();
    if (text) {
      const body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body.error === "string") error = body.error;
      const d = body.errorDescription ?? body.error_description ?? body.errorMessage;
      if (typeof d === "string") description = d;
    }
  } catch {
    // not JSON: keep the status only
  }
  return new ApiError(response.status, error, description);
}

export function createPatApi(config: PatApiConfig) {
  const base = apiBaseUrl(config.serverBaseUrl, config.realm);
  const doFetch = config.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const token = await config.getToken();
    const headers: Record<string, string> = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new ApiError(0, "network_error", e instanceof Error ? e.message : String(e));
    }
    if (!response.ok) throw await toApiError(response);
    const text = await response.text();
    return (response.status === 204 || !text ? undefined : JSON.parse(text)) as T;
  }

  return {
    listTokens: (signal?: AbortSignal) => call<TokenView[]>("GET", "", undefined, signal),
    getOptions: (signal?: AbortSignal) => call<TokenOptions>("GET", "/options", undefined, signal),
    createToken: (request: CreateRequest) => call<CreatedToken>("POST", "", request),
    revokeToken: (id: string) => call<void>("DELETE", `/${encodeURIComponent(id)}`),
    /** A new token in place of `id` (shown once); the old one keeps working for `graceSeconds`. */
    rotateToken: (id: string, graceSeconds: number) =>
      call<CreatedToken>("POST", `/${encodeURIComponent(id)}/rotate`, { graceSeconds }),
  };
}

export type PatApi = ReturnType<typeof createPatApi>;
