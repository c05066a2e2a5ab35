import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert";

type Props = {
  title: string;
  confirmLabel: string;
  confirmVariant: "primary" | "danger";
  /** The action; a failure it throws stays in the dialog, under `errorTitle`. */
  onConfirm: () => Promise<void>;
  errorTitle: string;
  onClose: () => void;
  /** `data-testid`s: `<testId>-modal`, `<testId>-confirm`, `<testId>-cancel`. */
  testId: string;
  children: ReactNode;
};

/** A small "are you sure?" dialog around one action on a token (revoke, regenerate). */
export const ConfirmDialog = ({ title, confirmLabel, confirmVariant, onConfirm, errorTitle, onClose, testId, children }: Props) => {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

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
    <Modal
      variant={ModalVariant.small}
      titleIconVariant="warning"
      title={title}
      isOpen
      onClose={onClose}
      data-testid={`${testId}-modal`}
      actions={[
        <Button
          key="confirm"
          variant={confirmVariant}
          data-testid={`${testId}-confirm`}
          isLoading={busy}
          isDisabled={busy}
          onClick={confirm}
        >
          {confirmLabel}
        </Button>,
        <Button key="cancel" variant="link" data-testid={`${testId}-cancel`} onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      {error !== undefined && <ErrorAlert error={error} title={errorTitle} />}
      {children}
    </Modal>
  );
};
