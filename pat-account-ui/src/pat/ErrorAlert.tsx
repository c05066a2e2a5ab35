import { Alert, AlertActionCloseButton } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { describeError } from "./errors";

export { describeError };

/** A failed call shown inline, in words (see `describeError`). */
export const ErrorAlert = ({
  error,
  title,
  context,
  onClose,
}: {
  error: unknown;
  title: string;
  context?: Record<string, unknown>;
  onClose?: () => void;
}) => {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="pat-error"
      variant="danger"
      isInline
      title={title}
      className="pf-v5-u-mb-md"
      actionClose={onClose && <AlertActionCloseButton onClose={onClose} aria-label={t("close")} />}
    >
      {describeError(error, t, context)}
    </Alert>
  );
};
