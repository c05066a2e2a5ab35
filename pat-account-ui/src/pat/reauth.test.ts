import { describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import type { CreateForm } from "./formRules";
import {
  REAUTH_INTENT_KEY,
  REAUTH_INTENT_MAX_AGE_MS,
  isReauthenticationRequired,
  reauthLoginOptions,
  rememberCreateIntent,
  startReauthentication,
  takeCreateIntent,
} from "./reauth";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const form: CreateForm = {
  name: "CI pipeline",
  teamId: "t1",
  expiration: "30",
  customDate: "",
  write: true,
  roles: ["developer"],
};
const NOW = 1_800_000_000_000;

describe("isReauthenticationRequired", () => {
  it("is the 401 reauthentication_required of a create, nothing else", () => {
    expect(isReauthenticationRequired(new ApiError(401, "reauthentication_required", "sign in again"))).toBe(true);
    expect(isReauthenticationRequired(new ApiError(401, "unauthorized"))).toBe(false);
    expect(isReauthenticationRequired(new ApiError(400, "reauthentication_required"))).toBe(false);
    expect(isReauthenticationRequired(new ApiError(429, "too_many_requests"))).toBe(false);
    expect(isReauthenticationRequired(new Error("reauthentication_required"))).toBe(false);
    expect(isReauthenticationRequired(undefined)).toBe(false);
  });
});

describe("create intent across the sign-in", () => {
  it("comes back once with what was typed", () => {
    const storage = memoryStorage();
    rememberCreateIntent(storage, form, NOW);
    expect(takeCreateIntent(storage, NOW + 20_000)).toEqual({ form });
    expect(takeCreateIntent(storage, NOW + 21_000)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it("is nothing when nobody asked for a sign-in", () => {
    expect(takeCreateIntent(memoryStorage(), NOW)).toBeUndefined();
  });

  it("is forgotten when stale", () => {
    const storage = memoryStorage();
    rememberCreateIntent(storage, form, NOW);
    expect(takeCreateIntent(storage, NOW + REAUTH_INTENT_MAX_AGE_MS + 1)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it("re-opens an empty dialog when the typed values cannot be read back", () => {
    const storage = memoryStorage();
    rememberCreateIntent(storage, undefined, NOW);
    expect(takeCreateIntent(storage, NOW)).toEqual({ form: undefined });
    storage.setItem(REAUTH_INTENT_KEY, JSON.stringify({ action: "create", at: NOW, form: { name: 7, roles: ["a", 1], write: "yes" } }));
    expect(takeCreateIntent(storage, NOW)).toEqual({
      form: { name: "", teamId: "", expiration: "", customDate: "", write: false, roles: ["a"] },
    });
  });

  it("ignores garbage and other intents", () => {
    const storage = memoryStorage();
    for (const text of ["not json", "null", JSON.stringify({ action: "revoke", at: NOW }), JSON.stringify({ action: "create" })]) {
      storage.setItem(REAUTH_INTENT_KEY, text);
      expect(takeCreateIntent(storage, NOW), text).toBeUndefined();
      expect(storage.items.size).toBe(0);
    }
  });

  it("survives storage that refuses to work", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    expect(() => rememberCreateIntent(broken, form, NOW)).not.toThrow();
    expect(takeCreateIntent(broken, NOW)).toBeUndefined();
  });
});

describe("startReauthentication", () => {
  it("asks Keycloak for a fresh login that returns to the page, after remembering the intent", async () => {
    const storage = memoryStorage();
    const login = vi.fn(async () => {
      // the intent is stored before the browser leaves the page
      expect(storage.items.has(REAUTH_INTENT_KEY)).toBe(true);
    });
    const here = "https://kc.example/realms/demo/account/personal-access-tokens";
    await startReauthentication(storage, form, login, here);
    expect(login).toHaveBeenCalledWith({ prompt: "login", redirectUri: here });
    expect(takeCreateIntent(storage)?.form).toEqual(form);
  });

  it("uses prompt=login", () => {
    expect(reauthLoginOptions("https://x/")).toEqual({ prompt: "login", redirectUri: "https://x/" });
  });
});
