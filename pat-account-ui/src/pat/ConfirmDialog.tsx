import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActionModal } from "./ActionModal";
import { ErrorAlert } from "./ErrorAlert";
import { TOKEN_ACTIONS, tokenActionTestId, type TokenAction } from "./tokenActions";

type Props = {
  /** Which action it asks about: its title, button and test ids (see `TOKEN_ACTIONS`). */
  action: TokenAction;
  /** The action; a failure it throws stays in the dialog. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
};

/** A small "are you sure?" dialog around one action on a token (revoke, regenerate). */
export const ConfirmDialog = ({ action, onConfirm, onClose, children }: Props) => {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const { label, title, failed, danger } = TOKEN_ACTIONS[action];
  const testId = tokenActionTestId(action);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ActionModal
      variant="small"
      titleIconVariant="warning"
      title={t(title)}
      testId={`${testId}-modal`}
      onClose={onClose}
      action={{ label: t(label), variant: danger ? "danger" : "primary", testId: `${testId}-confirm`, busy, onClick: confirm }}
      cancelTestId={`${testId}-cancel`}
    >
      {error !== undefined && <ErrorAlert error={error} title={t(failed)} />}
      {children}
    </ActionModal>
  );
};
