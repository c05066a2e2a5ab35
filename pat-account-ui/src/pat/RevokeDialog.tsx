import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatApi, TokenView } from "./api";
import { ErrorAlert } from "./ErrorAlert";

type Props = {
  api: PatApi;
  token: TokenView;
  onRevoked: () => void;
  onClose: () => void;
};

/** Asks before revoking a token; a failure stays in the dialog. */
export const RevokeDialog = ({ api, token, onRevoked, onClose }: Props) => {
  const { t } = useTranslation();
  const { addAlert } = useAccountAlerts();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const revoke = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.revokeToken(token.id);
      addAlert(t("patRevoked", { name: token.name }));
      onRevoked();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      titleIconVariant="warning"
      title={t("patRevokeTitle")}
      isOpen
      onClose={onClose}
      data-testid="pat-revoke-modal"
      actions={[
        <Button
          key="confirm"
          variant="danger"
          data-testid="pat-revoke-confirm"
          isLoading={busy}
          isDisabled={busy}
          onClick={revoke}
        >
          {t("patRevoke")}
        </Button>,
        <Button key="cancel" variant="link" data-testid="pat-revoke-cancel" onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      {error !== undefined && <ErrorAlert error={error} title={t("patRevokeFailed")} />}
      {t("patRevokeConfirm", { name: token.name, prefix: token.prefix })}
    </Modal>
  );
};
