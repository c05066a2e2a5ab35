import { Form, FormSelect, FormSelectOption, Text, TextContent } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CreatedToken, PatApi, TokenOptions, TokenView } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorAlert } from "./ErrorAlert";
import { FormField } from "./FormField";
import { graceChoices } from "./formRules";
import { useReauthentication } from "./ReauthAlert";

type Props = {
  api: PatApi;
  token: TokenView;
  /** The realm's options; their rotationGraceMaxSeconds bounds the grace offered. */
  options: TokenOptions | undefined;
  onRegenerated: (created: CreatedToken) => void;
  onClose: () => void;
  /** The server wants a fresh sign-in before regenerating: start it (the page comes back to this dialog). */
  onReauthenticate: (token: TokenView) => Promise<void> | void;
};

/**
 * Confirms regenerating a token: a new secret with the same name, team, access and roles replaces it, and
 * the old one keeps working for the chosen grace. The new token is then shown once, as after creation.
 */
export const RegenerateDialog = ({ api, token, options, onRegenerated, onClose, onReauthenticate }: Props) => {
  const { t } = useTranslation();
  const choices = graceChoices(options);
  const [grace, setGrace] = useState(0);
  /** A failure of the fresh sign-in itself (the dialog's own error alert shows the rotation's failures). */
  const [signInError, setSignInError] = useState<unknown>();
  const reauth = useReauthentication({
    title: t("patRegenerateReauthTitle"),
    body: t("patRegenerateReauthBody"),
    onSignIn: () => onReauthenticate(token),
    onSignInError: setSignInError,
  });

  const graceLabel = (seconds: number) =>
    seconds === 0
      ? t("patGraceNone")
      : seconds % 86_400 === 0
        ? t("patGraceDays", { count: seconds / 86_400 })
        : t("patGraceHours", { count: seconds / 3600 });

  const regenerate = () => {
    setSignInError(undefined);
    return reauth.attempt(async () => onRegenerated(await api.rotateToken(token.id, grace)));
  };

  return (
    <ConfirmDialog action="regenerate" onClose={onClose} onConfirm={regenerate}>
      {reauth.alert}
      {signInError !== undefined && <ErrorAlert error={signInError} title={t("patRegenerateFailed")} />}
      <TextContent className="pf-v5-u-mb-md">
        <Text>{t("patRegenerateConfirm", { name: token.name, prefix: token.prefix })}</Text>
      </TextContent>
      <Form onSubmit={(e) => e.preventDefault()}>
        <FormField
          label={t("patGrace")}
          fieldId="pat-grace"
          help={grace === 0 ? t("patGraceNoneHelp") : t("patGraceHelp", { period: graceLabel(grace) })}
          helpVariant={grace === 0 ? "warning" : "default"}
        >
          <FormSelect
            id="pat-grace"
            data-testid="pat-grace-select"
            value={String(grace)}
            isDisabled={choices.length < 2}
            aria-describedby="pat-grace-help"
            onChange={(_e, value) => setGrace(Number(value))}
          >
            {choices.map((seconds) => (
              <FormSelectOption key={seconds} value={String(seconds)} label={graceLabel(seconds)} />
            ))}
          </FormSelect>
        </FormField>
      </Form>
    </ConfirmDialog>
  );
};
