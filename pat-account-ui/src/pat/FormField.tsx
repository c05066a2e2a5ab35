import { FormGroup, FormHelperText, HelperText, HelperTextItem } from "@patternfly/react-core";
import type { ReactNode } from "react";

type Props = {
  label: string;
  /** The control's id; the texts under it are `<fieldId>-error` and `<fieldId>-help` (see `fieldValidation`). */
  fieldId: string;
  isRequired?: boolean;
  /** What is wrong with the value, shown under the control in place of the help. */
  error?: string;
  /** Shown under the control while there is no error. */
  help?: string;
  helpVariant?: "default" | "warning";
  children: ReactNode;
};

/** A labelled form control with, under it, what is wrong with its value, or else its help text (if any). */
export const FormField = ({ label, fieldId, isRequired, error, help, helpVariant, children }: Props) => {
  const [id, text, variant] = error ? [`${fieldId}-error`, error, "error" as const] : [`${fieldId}-help`, help, helpVariant];
  return (
    <FormGroup label={label} isRequired={isRequired} fieldId={fieldId}>
      {children}
      {text ? (
        <FormHelperText>
          <HelperText>
            <HelperTextItem id={id} variant={variant}>
              {text}
            </HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
};

/**
 * The validation props of a `FormField`'s control: marked invalid and described by the error while there is one,
 * else described by the help if the field has one.
 */
export const fieldValidation = (fieldId: string, error: string | undefined, hasHelp = false) => ({
  validated: error ? ("error" as const) : ("default" as const),
  "aria-invalid": !!error,
  "aria-describedby": error ? `${fieldId}-error` : hasHelp ? `${fieldId}-help` : undefined,
});
