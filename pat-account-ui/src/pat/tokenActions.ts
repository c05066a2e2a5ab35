/**
 * What a user can do to one token from its row. Each action has a button in the row and a dialog that asks
 * first; per action: the message keys (the row button and the dialog's confirm button share `label`; `rowLabel`
 * names the token for screen readers) and whether it destroys the token (then its buttons are danger buttons).
 *
 * Test ids follow the action's name: `pat-<action>` on the row button, `pat-<action>-modal`, `pat-<action>-confirm`
 * and `pat-<action>-cancel` in its dialog (the browser tests' page objects find them so).
 */
export const TOKEN_ACTIONS = {
  regenerate: {
    label: "patRegenerate",
    rowLabel: "patRegenerateAria",
    title: "patRegenerateTitle",
    failed: "patRegenerateFailed",
    danger: false,
  },
  revoke: {
    label: "patRevoke",
    rowLabel: "patRevokeAria",
    title: "patRevokeTitle",
    failed: "patRevokeFailed",
    danger: true,
  },
} as const;

export type TokenAction = keyof typeof TOKEN_ACTIONS;

/** The `data-testid` of the action's row button, and the stem of its dialog's test ids. */
export const tokenActionTestId = (action: TokenAction) => `pat-${action}`;
