import { Alert, Bullseye, Button } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router-dom";

/** Shown instead of a blank page when rendering a route fails. */
export const ErrorPage = () => {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error ?? "");
  return (
    <Bullseye className="pf-v5-u-p-xl">
      <Alert
        variant="danger"
        isInline
        title={t("errorSomethingWentWrong", "Something went wrong")}
        actionLinks={
          <Button variant="link" isInline onClick={() => window.location.reload()}>
            {t("refreshPage", "Refresh the page")}
          </Button>
        }
      >
        {message}
      </Alert>
    </Bullseye>
  );
};
