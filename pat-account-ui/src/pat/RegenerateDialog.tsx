import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CreatedToken, PatApi, TokenOptions, TokenView } from "./api";
import { ErrorAlert } from "./ErrorAlert";
import { graceChoices } from "./formRules";
import { ReauthAlert } from "./ReauthAlert";
import { isReauthenticationRequired } from "./reauth";

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [reauthNeeded, setReauthNeeded] = useState(false);

  const graceLabel = (seconds: number) =>
    seconds === 0
      ? t("patGraceNone")
      : seconds % 86_400 === 0
        ? t("patGraceDays", { count: seconds / 86_400 })
        : t("patGraceHours", { count: seconds / 3600 });

  const regenerate = async () => {
    setBusy(true);
    setError(undefined);
    setReauthNeeded(false);
    try {
      onRegenerated(await api.rotateToken(token.id, grace));
    } catch (e) {
      if (isReauthenticationRequired(e)) setReauthNeeded(true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      titleIconVariant="warning"
      title={t("patRegenerateTitle")}
      isOpen
      onClose={onClose}
      data-testid="pat-regenerate-modal"
      actions={[
        <Button
          key="confirm"
          variant="primary"
          data-testid="pat-regenerate-confirm"
          isLoading={busy}
          isDisabled={busy}
          onClick={regenerate}
        >
          {t("patRegenerate")}
        </Button>,
        <Button key="cancel" variant="link" data-testid="pat-regenerate-cancel" onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      {reauthNeeded && (
        <ReauthAlert
          title={t("patRegenerateReauthTitle")}
          body={t("patRegenerateReauthBody")}
          onSignIn={() => onReauthenticate(token)}
          onError={(e) => {
            setReauthNeeded(false);
            setError(e);
          }}
        />
      )}
      {error !== undefined && <ErrorAlert error={error} title={t("patRegenerateFailed")} />}
      <TextContent className="pf-v5-u-mb-md">
        <Text>{t("patRegenerateConfirm", { name: token.name, prefix: token.prefix })}</Text>
      </TextContent>
      <Form onSubmit={(e) => e.preventDefault()}>
        <FormGroup label={t("patGrace")} fieldId="pat-grace">
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
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="pat-grace-help" variant={grace === 0 ? "warning" : "default"}>
                {grace === 0 ? t("patGraceNoneHelp") : t("patGraceHelp", { period: graceLabel(grace) })}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
    </Modal>
  );
};
