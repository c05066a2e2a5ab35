import {
  Alert,
  Checkbox,
  ExpandableSection,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextInput,
} from "@patternfly/react-core";
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionModal } from "./ActionModal";
import { ApiError, type CreatedToken, type PatApi, type TokenOptions } from "./api";
import { ErrorAlert } from "./ErrorAlert";
import { describeError } from "./errors";
import { FormField, fieldValidation } from "./FormField";
import { useReauthentication } from "./ReauthAlert";
import {
  CUSTOM,
  NAME_MAX_LENGTH,
  NEVER,
  buildCreateRequest,
  customDateBounds,
  defaultExpiration,
  expirationChoices,
  groupRoles,
  validateForm,
  type CreateForm,
  type FormErrors,
} from "./formRules";

type Props = {
  api: PatApi;
  options: TokenOptions;
  onCreated: (created: CreatedToken) => void;
  onClose: () => void;
  /** What the user had typed before signing in again (see reauth.ts). */
  initialForm?: CreateForm;
  /** The server wants a fresh sign-in before creating: start it, keeping what was typed. */
  onReauthenticate: (form: CreateForm) => Promise<void> | void;
};

export const CreateTokenModal = ({ api, options, onCreated, onClose, initialForm, onReauthenticate }: Props) => {
  const { t } = useTranslation();
  const choices = useMemo(() => expirationChoices(options), [options]);
  const bounds = useMemo(() => customDateBounds(options), [options]);
  const [form, setForm] = useState<CreateForm>(() => {
    const empty: CreateForm = {
      name: "",
      teamId: options.teams.length === 1 ? options.teams[0].id : "",
      expiration: defaultExpiration(choices),
      customDate: "",
      write: false,
      roles: [],
    };
    if (!initialForm) return empty;
    // what was typed before the sign-in, limited to what the options still offer
    return {
      ...initialForm,
      teamId: options.teams.some((t) => t.id === initialForm.teamId) ? initialForm.teamId : empty.teamId,
      expiration: choices.some((c) => c.value === initialForm.expiration) ? initialForm.expiration : empty.expiration,
      write: options.writeAllowed && initialForm.write,
      roles: initialForm.roles.filter((r) => options.grantableRoles.includes(r)),
    };
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<unknown>();
  const [rolesOpen, setRolesOpen] = useState(false);
  const roleGroups = useMemo(() => groupRoles(options.grantableRoles), [options.grantableRoles]);
  // A duplicate name is the name field's problem: say so next to it, not in a banner.
  const duplicateName = serverError instanceof ApiError && serverError.error === "duplicate_name";
  const reauth = useReauthentication({
    title: t("patReauthTitle"),
    body: t("patReauthBody"),
    onSignIn: () => onReauthenticate(form),
    onSignInError: setServerError,
  });

  const update = (patch: Partial<CreateForm>) => {
    const next = { ...form, ...patch };
    if (duplicateName && patch.name !== undefined) setServerError(undefined);
    setForm(next);
    if (submitted) setErrors(validateForm(next, options));
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return; // Enter pressed again while the first request is on its way
    setSubmitted(true);
    const found = validateForm(form, options);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    setServerError(undefined);
    try {
      await reauth.attempt(async () => onCreated(await api.createToken(buildCreateRequest(form, options))));
    } catch (e) {
      setServerError(e);
    } finally {
      setSaving(false);
    }
  };

  const nameError = errors.name
    ? t(errors.name, { max: NAME_MAX_LENGTH })
    : duplicateName
      ? describeError(serverError, t, { name: form.name.trim() })
      : undefined;
  const teamError = errors.teamId && t(errors.teamId);
  const expirationError = errors.expiration && t(errors.expiration);
  const customDateError = errors.customDate && t(errors.customDate, { min: bounds.min, max: bounds.max ?? "" });

  const choiceLabel = (value: string, days?: number) =>
    value === CUSTOM ? t("patExpirationCustom") : value === NEVER ? t("patExpirationNever") : t("patExpirationDays", { count: days });

  const toggleRole = (role: string, checked: boolean) =>
    update({ roles: checked ? [...form.roles, role] : form.roles.filter((r) => r !== role) });

  return (
    <ActionModal
      variant="medium"
      title={t("patCreateTitle")}
      testId="pat-create-modal"
      onClose={onClose}
      action={{ label: t("patCreateSubmit"), variant: "primary", testId: "pat-submit", busy: saving, form: "pat-create-form" }}
      cancelTestId="pat-cancel"
    >
      {reauth.alert}
      {serverError !== undefined && !duplicateName && (
        <ErrorAlert
          error={serverError}
          title={t("patCreateFailed")}
          context={{ max: options.maxTokensPerUser }}
          onClose={() => setServerError(undefined)}
        />
      )}
      <Form id="pat-create-form" onSubmit={submit} noValidate>
        <FormField label={t("patName")} isRequired fieldId="pat-name" error={nameError} help={t("patNameHelp")}>
          <TextInput
            id="pat-name"
            data-testid="pat-name-input"
            value={form.name}
            isRequired
            maxLength={NAME_MAX_LENGTH}
            autoFocus
            {...fieldValidation("pat-name", nameError, true)}
            onChange={(_e, name) => update({ name })}
          />
        </FormField>

        {options.teams.length > 0 && (
          <FormField label={t("patTeam")} isRequired fieldId="pat-team" error={teamError}>
            <FormSelect
              id="pat-team"
              data-testid="pat-team-select"
              value={form.teamId}
              isRequired
              {...fieldValidation("pat-team", teamError)}
              onChange={(_e, teamId) => update({ teamId })}
            >
              {options.teams.length > 1 && <FormSelectOption value="" label={t("patTeamPlaceholder")} isPlaceholder />}
              {options.teams.map((team) => (
                <FormSelectOption key={team.id} value={team.id} label={team.name} />
              ))}
            </FormSelect>
          </FormField>
        )}

        <FormField label={t("patExpiration")} isRequired fieldId="pat-expiration" error={expirationError}>
          <FormSelect
            id="pat-expiration"
            data-testid="pat-expiration-select"
            value={form.expiration}
            validated={expirationError ? "error" : "default"}
            onChange={(_e, expiration) => update({ expiration })}
          >
            {choices.map((c) => (
              <FormSelectOption key={c.value} value={c.value} label={choiceLabel(c.value, c.days)} />
            ))}
          </FormSelect>
        </FormField>

        {form.expiration === CUSTOM && (
          <FormField label={t("patExpirationDate")} isRequired fieldId="pat-expiration-date" error={customDateError}>
            <TextInput
              id="pat-expiration-date"
              data-testid="pat-expiration-date"
              type="date"
              min={bounds.min}
              max={bounds.max}
              value={form.customDate}
              {...fieldValidation("pat-expiration-date", customDateError)}
              onChange={(_e, customDate) => update({ customDate })}
            />
          </FormField>
        )}

        {form.expiration === NEVER && (
          <Alert variant="warning" isInline isPlain title={t("patNoExpirationWarning")} data-testid="pat-no-expiration-warning" />
        )}

        {options.writeAllowed && (
          <FormGroup label={t("patAccess")} fieldId="pat-write" role="group">
            <Checkbox
              id="pat-write"
              data-testid="pat-write-checkbox"
              label={t("patWriteLabel")}
              description={t("patWriteHelp")}
              isChecked={form.write}
              onChange={(_e, write) => update({ write })}
            />
          </FormGroup>
        )}

        {options.grantableRoles.length > 0 && (
          <FormGroup fieldId="pat-roles" role="group" aria-labelledby="pat-roles-toggle">
            <ExpandableSection
              toggleId="pat-roles-toggle"
              contentId="pat-roles"
              toggleText={
                form.roles.length > 0 ? t("patRolesToggleSelected", { count: form.roles.length }) : t("patRolesToggle")
              }
              isExpanded={rolesOpen}
              onToggle={(_e, open) => setRolesOpen(open)}
              isIndented
            >
              <HelperText className="pf-v5-u-mb-sm">
                <HelperTextItem>{t("patRolesHelp")}</HelperTextItem>
              </HelperText>
              {roleGroups.map((group) => (
                <fieldset key={group.client ?? ""} className="pf-v5-u-mb-sm" style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
                  <legend className="pf-v5-c-form__label pf-v5-u-mb-xs">
                    <span className="pf-v5-c-form__label-text">
                      {group.client === null ? t("patRealmRoles") : t("patClientRoles", { client: group.client })}
                    </span>
                  </legend>
                  {group.roles.map(({ key, label }) => (
                    <Checkbox
                      key={key}
                      id={`pat-role-${key}`}
                      data-role={key}
                      label={label}
                      isChecked={form.roles.includes(key)}
                      onChange={(_e, checked) => toggleRole(key, checked)}
                    />
                  ))}
                </fieldset>
              ))}
            </ExpandableSection>
          </FormGroup>
        )}
      </Form>
    </ActionModal>
  );
};
