import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import { useTranslation } from "react-i18next";
import type { PatApi, TokenView } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";

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
  const revoke = async () => {
    await api.revokeToken(token.id);
    addAlert(t("patRevoked", { name: token.name }));
    onRevoked();
  };
  return (
    <ConfirmDialog action="revoke" onClose={onClose} onConfirm={revoke}>
      {t("patRevokeConfirm", { name: token.name, prefix: token.prefix })}
    </ConfirmDialog>
  );
};
