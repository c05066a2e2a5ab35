import { Button, Modal } from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  variant: "small" | "medium";
  titleIconVariant?: "warning";
  title: string;
  /** `data-testid` of the dialog. */
  testId: string;
  /** Closes the dialog: its close button and Cancel. */
  onClose: () => void;
  /**
   * The footer's main button: it submits the form whose id is `form` if given, else it runs `onClick`.
   * While `busy` (the action under way) it spins and takes no clicks.
   */
  action: { label: string; variant: "primary" | "danger"; testId: string; busy: boolean; form?: string; onClick?: () => void };
  /** `data-testid` of the footer's Cancel button. */
  cancelTestId: string;
  children: ReactNode;
};

/** A dialog around one action: its footer holds the action's button and Cancel. Rendered only while open. */
export const ActionModal = ({ variant, titleIconVariant, title, testId, onClose, action, cancelTestId, children }: Props) => {
  const { t } = useTranslation();
  return (
    <Modal
      variant={variant}
      titleIconVariant={titleIconVariant}
      title={title}
      isOpen
      onClose={onClose}
      data-testid={testId}
      actions={[
        <Button
          key="action"
          variant={action.variant}
          type={action.form ? "submit" : "button"}
          form={action.form}
          data-testid={action.testId}
          isLoading={action.busy}
          isDisabled={action.busy}
          onClick={action.onClick}
        >
          {action.label}
        </Button>,
        <Button key="cancel" variant="link" data-testid={cancelTestId} onClick={onClose}>
          {t("cancel")}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
};
