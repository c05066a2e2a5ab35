import {
  Alert,
  Button,
  Form,
  FormGroup,
  InputGroup,
  InputGroupItem,
  Modal,
  ModalVariant,
  TextInput,
  Tooltip,
} from "@patternfly/react-core";
import { CheckIcon, CopyIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CreatedToken } from "./api";

/** Shows a new token's value, the only time it can be seen. */
export const TokenCreatedModal = ({ created, onClose }: { created: CreatedToken; onClose: () => void }) => {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // no clipboard (insecure context): select the text so the user can copy it by hand
      (document.getElementById("pat-token-value") as HTMLInputElement | null)?.select();
    }
  };
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("patCreatedTitle")}
      isOpen
      onClose={onClose}
      aria-label={t("patCreatedTitle")}
      data-testid="pat-created-modal"
      actions={[
        <Button key="close" variant="primary" data-testid="pat-token-close" onClick={onClose}>
          {t("patCreatedClose")}
        </Button>,
      ]}
    >
      <Alert
        variant="warning"
        isInline
        title={t("patCreatedWarningTitle")}
        className="pf-v5-u-mb-md"
        data-testid="pat-created-warning"
      >
        {t("patCreatedWarning")}
      </Alert>
      <Form onSubmit={(e) => e.preventDefault()}>
        <FormGroup label={t("patCreatedTokenLabel", { name: created.name })} fieldId="pat-token-value">
          <InputGroup>
            <InputGroupItem isFill>
              <TextInput
                id="pat-token-value"
                data-testid="pat-token-value"
                className="pf-v5-u-font-family-monospace"
                value={created.token}
                readOnlyVariant="default"
                aria-label={t("patCreatedTokenLabel", { name: created.name })}
                onFocus={(e) => e.currentTarget.select()}
              />
            </InputGroupItem>
            <InputGroupItem>
              <Tooltip content={copied ? t("patCopied") : t("patCopy")} trigger="mouseenter focus click">
                <Button
                  variant="control"
                  data-testid="pat-token-copy"
                  aria-label={copied ? t("patCopied") : t("patCopy")}
                  icon={copied ? <CheckIcon /> : <CopyIcon />}
                  onClick={copy}
                />
              </Tooltip>
            </InputGroupItem>
          </InputGroup>
        </FormGroup>
      </Form>
    </Modal>
  );
};
