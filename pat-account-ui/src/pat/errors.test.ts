import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { describeError } from "./errors";

// A stand-in for i18next's t: shows which message key was chosen and with which values.
const t = (key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key);

describe("describeError", () => {
  it("uses the bundle's message for a duplicate name, with the name", () => {
    const error = new ApiError(400, "duplicate_name", "You already have a token named 'ci'.");
    expect(describeError(error, t, { name: "ci" })).toBe('patErrorDuplicateName {"name":"ci"}');
  });
  it("falls back to the server's words when the message needs a value it does not have", () => {
    const error = new ApiError(400, "too_many_tokens", "You have 50 tokens, the most allowed.");
    expect(describeError(error, t)).toBe("You have 50 tokens, the most allowed.");
    expect(describeError(error, t, { max: 50 })).toBe('patErrorTooManyTokens {"max":50}');
  });
  it("shows the server's errorDescription for codes without a message of their own", () => {
    const error = new ApiError(400, "invalid_expiration", "expiresAt is beyond the maximum lifetime of 90 days.");
    expect(describeError(error, t)).toBe("expiresAt is beyond the maximum lifetime of 90 days.");
  });
  it("explains statuses that come without a description", () => {
    expect(describeError(new ApiError(401, "http_401"), t)).toBe("patErrorUnauthorized");
    expect(describeError(new ApiError(403, "http_403"), t)).toBe("patErrorForbidden");
    expect(describeError(new ApiError(404, "http_404"), t)).toBe("patErrorNotFound");
    expect(describeError(new ApiError(502, "http_502"), t)).toBe('patErrorServer {"status":502}');
    expect(describeError(new ApiError(409, "conflict"), t)).toBe('patErrorStatus {"status":409,"error":"conflict"}');
  });
  it("has words of its own for the recent-login rule and the creation rate limit", () => {
    expect(describeError(new ApiError(401, "reauthentication_required", "Creating … sign in again"), t)).toBe(
      "patErrorReauthRequired {}",
    );
    expect(describeError(new ApiError(429, "too_many_requests", "You have created 10 tokens"), t)).toBe(
      "patErrorTooManyCreations {}",
    );
  });
  it("says the server could not be reached instead of showing a browser message", () => {
    expect(describeError(new ApiError(0, "network_error", "Failed to fetch"), t)).toBe("patErrorNetwork");
  });
  it("never returns an empty text", () => {
    expect(describeError(new Error(""), t)).toBe("patErrorUnknown");
    expect(describeError(undefined, t)).toBe("patErrorUnknown");
    expect(describeError(new TypeError("boom"), t)).toBe("boom");
  });
});
