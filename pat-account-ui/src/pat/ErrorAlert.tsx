import { Alert, AlertActionCloseButton } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { ApiError } from "./api";

/** A failed call shown inline, with the server's errorDescription when there is one. */
export const ErrorAlert = ({ error, title, onClose }: { error: unknown; title: string; onClose?: () => void }) => {
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
      {describeError(error, t)}
    </Alert>
  );
};

export function describeError(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError) {
    if (error.errorDescription && error.status !== 0) return error.errorDescription;
    if (error.status === 0) return t("patErrorNetwork");
    if (error.status === 401) return t("patErrorUnauthorized");
    if (error.status === 403) return t("patErrorForbidden");
    if (error.status === 404) return t("patErrorNotFound");
    return t("patErrorStatus", { status: error.status, error: error.error });
  }
  return error instanceof Error ? error.message : String(error);
}
