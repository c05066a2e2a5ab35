import { Alert, Button } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isReauthenticationRequired } from "./reauth";

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

/**
 * A dialog's calls that the server may refuse for want of a recent sign-in. `attempt(call)` runs one: on that
 * refusal it shows `alert` (a ReauthAlert with `title` and `body`, null while not needed) instead of failing; any
 * other failure is thrown on. If starting the sign-in fails, the alert goes away and `onSignInError` gets the error.
 */
export const useReauthentication = ({
  onSignInError,
  ...texts
}: Omit<Props, "onError"> & { onSignInError: (error: unknown) => void }) => {
  const [needed, setNeeded] = useState(false);

  const attempt = async (call: () => Promise<void>) => {
    setNeeded(false);
    try {
      await call();
    } catch (e) {
      if (!isReauthenticationRequired(e)) throw e;
      setNeeded(true);
    }
  };

  const onError = (e: unknown) => {
    setNeeded(false);
    onSignInError(e);
  };

  return { attempt, alert: needed ? <ReauthAlert {...texts} onError={onError} /> : null };
};
