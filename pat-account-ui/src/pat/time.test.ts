import { describe, expect, it } from "vitest";
import { expiryDisplay, lastUsedDisplay, relativeTime } from "./time";

const NOW = 1_800_000_000;
const DAY = 86_400;

describe("relativeTime", () => {
  it("says in how many days a future instant is", () => {
    expect(relativeTime(NOW + 3 * DAY, "en", NOW)).toBe("in 3 days");
  });
  it("says how long ago a past instant was", () => {
    expect(relativeTime(NOW - 2 * 3600, "en", NOW)).toBe("2 hours ago");
  });
  it("says now for a few seconds", () => {
    expect(relativeTime(NOW - 5, "en", NOW)).toBe("now");
  });
  it("rounds, so a fresh 30-day token expires in 30 days", () => {
    expect(relativeTime(NOW + 30 * DAY - 2, "en", NOW)).toBe("in 30 days");
    expect(relativeTime(NOW + 30 * DAY + 5, "en", NOW)).toBe("in 30 days");
    expect(relativeTime(NOW - 59 * 60 - 50, "en", NOW)).toBe("1 hour ago");
  });
  it("uses months beyond a month and follows the locale", () => {
    expect(relativeTime(NOW + 90 * DAY, "en", NOW)).toBe("in 3 months");
    expect(relativeTime(NOW + 3 * DAY, "de", NOW)).toBe("in 3 Tagen");
  });
});

describe("expiryDisplay", () => {
  it("is never for a token without expiry", () => {
    expect(expiryDisplay({ expiresAt: null, status: "active" }, "en", NOW)).toEqual({ kind: "never" });
  });
  it("is expired when the server says so or the instant has passed", () => {
    expect(expiryDisplay({ expiresAt: NOW + DAY, status: "expired" }, "en", NOW).kind).toBe("expired");
    expect(expiryDisplay({ expiresAt: NOW - 1, status: "active" }, "en", NOW).kind).toBe("expired");
  });
  it("gives relative and absolute text, flagging the last week", () => {
    const d = expiryDisplay({ expiresAt: NOW + 3 * DAY, status: "active" }, "en", NOW);
    expect(d).toMatchObject({ kind: "expires", relative: "in 3 days", soon: true });
    expect(d.kind === "expires" && d.absolute).toMatch(/2027/);
    const later = expiryDisplay({ expiresAt: NOW + 20 * DAY, status: "active" }, "en", NOW);
    expect(later).toMatchObject({ soon: false });
  });
});

describe("lastUsedDisplay", () => {
  it("is null when never used", () => {
    expect(lastUsedDisplay(null, "en", NOW)).toBeNull();
  });
  it("is relative otherwise", () => {
    expect(lastUsedDisplay(NOW - 3 * 60, "en", NOW)).toBe("3 minutes ago");
  });
});
