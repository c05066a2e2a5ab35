import { Alert, Button } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  title: string;
  body: string;
  /** Starts the fresh sign-in (leaves the page); a failure is handed to `onError`. */
  onSignIn: () => Promise<void> | void;
  onError: (error: unknown) => void;
};

/** The server wants a recent sign-in (401 `reauthentication_required`): say so, offer to sign in again. */
export const ReauthAlert = ({ title, body, onSignIn, onError }: Props) => {
  const { t } = useTranslation();
  const [redirecting, setRedirecting] = useState(false);
  return (
    <Alert
      variant="warning"
      isInline
      title={title}
      data-testid="pat-reauth"
      className="pf-v5-u-mb-md"
      actionLinks={
        <Button
          variant="primary"
          data-testid="pat-reauth-button"
          isLoading={redirecting}
          isDisabled={redirecting}
          onClick={async () => {
            setRedirecting(true);
            try {
              await onSignIn();
            } catch (e) {
              setRedirecting(false);
              onError(e);
            }
          }}
        >
          {t("patReauthSignIn")}
        </Button>
      }
    >
      {body}
    </Alert>
  );
};
