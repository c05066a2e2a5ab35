import { describe, expect, it } from "vitest";
import type { TokenOptions } from "./api";
import {
  CUSTOM,
  NEVER,
  buildCreateRequest,
  cannotCreate,
  customDateBounds,
  dateToEpochSeconds,
  defaultExpiration,
  expirationChoices,
  graceChoices,
  groupRoles,
  validateForm,
  type CreateForm,
} from "./formRules";

const options: TokenOptions = {
  teams: [{ id: "t1", name: "Team One" }],
  expirationDays: [7, 30, 60, 90],
  allowNoExpiration: false,
  maxLifetimeDays: 365,
  writeAllowed: true,
  grantableRoles: ["reader", "billing/viewer"],
};

const form = (over: Partial<CreateForm> = {}): CreateForm => ({
  name: "ci",
  teamId: "t1",
  expiration: "30",
  customDate: "",
  write: false,
  roles: [],
  ...over,
});

describe("expirationChoices", () => {
  it("offers the policy days sorted, then a custom date", () => {
    const choices = expirationChoices({ ...options, expirationDays: [90, 7, 30, 30] });
    expect(choices.map((c) => c.value)).toEqual(["7", "30", "90", CUSTOM]);
  });
  it("offers no expiration only when allowed", () => {
    expect(expirationChoices({ ...options, allowNoExpiration: true }).map((c) => c.value)).toContain(NEVER);
  });
  it("drops days beyond the maximum lifetime", () => {
    expect(expirationChoices({ ...options, maxLifetimeDays: 30 }).map((c) => c.value)).toEqual(["7", "30", CUSTOM]);
  });
  it("defaults to 30 days when offered, else the first choice", () => {
    expect(defaultExpiration(expirationChoices(options))).toBe("30");
    expect(defaultExpiration(expirationChoices({ ...options, expirationDays: [14] }))).toBe("14");
  });
});

describe("custom dates", () => {
  const today = new Date(2027, 0, 15);
  it("range from tomorrow to the maximum lifetime", () => {
    expect(customDateBounds({ maxLifetimeDays: 30 }, today)).toEqual({ min: "2027-01-16", max: "2027-02-14" });
    expect(customDateBounds({ maxLifetimeDays: null }, today)).toEqual({ min: "2027-01-16", max: undefined });
  });
  it("convert to local midnight in epoch seconds", () => {
    expect(dateToEpochSeconds("2027-01-16")).toBe(new Date(2027, 0, 16).getTime() / 1000);
    expect(dateToEpochSeconds("2027-02-30")).toBeUndefined();
    expect(dateToEpochSeconds("")).toBeUndefined();
  });
});

describe("validateForm", () => {
  it("accepts a complete form", () => {
    expect(validateForm(form(), options)).toEqual({});
  });
  it("requires a name of at most 100 characters", () => {
    expect(validateForm(form({ name: "   " }), options).name).toBe("patNameRequired");
    expect(validateForm(form({ name: "x".repeat(101) }), options).name).toBe("patNameTooLong");
    expect(validateForm(form({ name: "x".repeat(100) }), options).name).toBeUndefined();
  });
  it("requires one of the user's teams when there are teams", () => {
    expect(validateForm(form({ teamId: "" }), options).teamId).toBe("patTeamRequired");
    expect(validateForm(form({ teamId: "other" }), options).teamId).toBe("patTeamRequired");
    expect(validateForm(form({ teamId: "" }), { ...options, teams: [] }).teamId).toBeUndefined();
  });
  it("requires a team when the realm has teams even if the user is in none", () => {
    const none = { ...options, teams: [], teamRequired: true };
    expect(validateForm(form({ teamId: "" }), none).teamId).toBe("patTeamRequired");
    expect(cannotCreate(none)).toBe(true);
    expect(cannotCreate(options)).toBe(false);
    expect(cannotCreate({ teams: [], teamRequired: false })).toBe(false);
  });
  it("refuses no expiration when the policy does not allow it", () => {
    expect(validateForm(form({ expiration: NEVER }), options).expiration).toBe("patExpirationRequired");
  });
  it("checks the custom date against the allowed range", () => {
    const today = new Date(2027, 0, 15);
    const custom = (customDate: string) => validateForm(form({ expiration: CUSTOM, customDate }), options, today);
    expect(custom("").customDate).toBe("patCustomDateRequired");
    expect(custom("2027-01-15").customDate).toBe("patCustomDateOutOfRange");
    expect(custom("2028-06-01").customDate).toBe("patCustomDateOutOfRange");
    expect(custom("2027-03-01")).toEqual({});
  });
});

describe("buildCreateRequest", () => {
  it("sends expirationDays for a policy choice", () => {
    expect(buildCreateRequest(form({ name: "  ci  " }), options)).toEqual({
      name: "ci",
      teamId: "t1",
      expirationDays: 30,
      write: false,
    });
  });
  it("sends expiresAt for a custom date", () => {
    const request = buildCreateRequest(form({ expiration: CUSTOM, customDate: "2027-03-01" }), options);
    expect(request.expiresAt).toBe(new Date(2027, 2, 1).getTime() / 1000);
    expect(request.expirationDays).toBeUndefined();
  });
  it("sends neither for no expiration", () => {
    const request = buildCreateRequest(form({ expiration: NEVER }), { ...options, allowNoExpiration: true });
    expect(request).not.toHaveProperty("expiresAt");
    expect(request).not.toHaveProperty("expirationDays");
  });
  it("asks for write only when allowed", () => {
    expect(buildCreateRequest(form({ write: true }), options).write).toBe(true);
    expect(buildCreateRequest(form({ write: true }), { ...options, writeAllowed: false }).write).toBe(false);
  });
  it("narrows roles only to grantable ones and omits an empty list", () => {
    expect(buildCreateRequest(form({ roles: ["reader", "admin"] }), options).roles).toEqual(["reader"]);
    expect(buildCreateRequest(form({ roles: [] }), options)).not.toHaveProperty("roles");
  });
  it("omits the team when the realm has no teams", () => {
    expect(buildCreateRequest(form({ teamId: "" }), { ...options, teams: [] })).not.toHaveProperty("teamId");
  });
});

describe("groupRoles", () => {
  it("puts realm roles first, then one sorted group per client", () => {
    expect(groupRoles(["reader", "account/manage-account", "developer", "api/write", "account/view-profile", "api/read"])).toEqual([
      { client: null, roles: [{ key: "developer", label: "developer" }, { key: "reader", label: "reader" }] },
      {
        client: "account",
        roles: [
          { key: "account/manage-account", label: "manage-account" },
          { key: "account/view-profile", label: "view-profile" },
        ],
      },
      { client: "api", roles: [{ key: "api/read", label: "read" }, { key: "api/write", label: "write" }] },
    ]);
  });
  it("leaves out empty groups and duplicates", () => {
    expect(groupRoles(["api/read", "api/read"])).toEqual([{ client: "api", roles: [{ key: "api/read", label: "read" }] }]);
    expect(groupRoles([])).toEqual([]);
  });
});

describe("graceChoices", () => {
  it("offers none, an hour and a day up to the policy's maximum", () => {
    expect(graceChoices({ rotationGraceMaxSeconds: 86_400 })).toEqual([0, 3600, 86_400]);
    expect(graceChoices({ rotationGraceMaxSeconds: 7200 })).toEqual([0, 3600]);
    expect(graceChoices({ rotationGraceMaxSeconds: 0 })).toEqual([0]);
  });

  it("offers no grace when the options are unknown", () => {
    expect(graceChoices(undefined)).toEqual([0]);
    expect(graceChoices({})).toEqual([0]);
  });
});
