import { Page, useAccountAlerts, useEnvironment } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Bullseye,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  EmptyStateIcon,
  Label,
  LabelGroup,
  Modal,
  ModalVariant,
  Spinner,
  Text,
  TextContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { KeyIcon, SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CreatedToken, TokenOptions, TokenView } from "./api";
import { CreateTokenModal } from "./CreateTokenModal";
import { ErrorAlert } from "./ErrorAlert";
import { cannotCreate, expiryDisplay, formatDate, lastUsedDisplay, relativeTime, type CreateForm } from "./format";
import { startReauthentication, takeCreateIntent } from "./reauth";
import { TokenCreatedModal } from "./TokenCreatedModal";
import { usePatApi } from "./usePatApi";

export const PersonalAccessTokens = () => {
  const { t, i18n } = useTranslation();
  const locale = i18n.language || "en";
  const api = usePatApi();
  const { addAlert } = useAccountAlerts();

  const [tokens, setTokens] = useState<TokenView[]>();
  const [options, setOptions] = useState<TokenOptions>();
  const [loadError, setLoadError] = useState<unknown>();
  const [optionsError, setOptionsError] = useState<unknown>();
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  const { keycloak } = useEnvironment();
  const [creating, setCreating] = useState(false);
  /** What the user had typed before signing in again; the dialog opens with it. */
  const [resumedForm, setResumedForm] = useState<CreateForm>();
  const resumeChecked = useRef(false);
  const [created, setCreated] = useState<CreatedToken>();
  const [revoking, setRevoking] = useState<TokenView>();
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    const aborted = () => controller.signal.aborted;
    setLoadError(undefined);
    api.listTokens(controller.signal).then(
      (list) => !aborted() && setTokens(list),
      (e) => !aborted() && setLoadError(e),
    );
    return () => controller.abort();
  }, [api, reloadKey]);

  useEffect(() => {
    const controller = new AbortController();
    setOptionsError(undefined);
    api.getOptions(controller.signal).then(
      (o) => !controller.signal.aborted && setOptions(o),
      (e) => !controller.signal.aborted && setOptionsError(e),
    );
    return () => controller.abort();
  }, [api, reloadKey]);

  // Back from the fresh sign-in that creating a token asked for: open the dialog again, once.
  useEffect(() => {
    if (!options || resumeChecked.current) return;
    resumeChecked.current = true;
    const intent = takeCreateIntent(window.sessionStorage);
    if (intent && !cannotCreate(options)) {
      setResumedForm(intent.form);
      setCreating(true);
    }
  }, [options]);

  const reauthenticate = (form: CreateForm) =>
    startReauthentication(window.sessionStorage, form, (o) => keycloak.login(o), window.location.href);

  const onCreated = (token: CreatedToken) => {
    setCreating(false);
    setCreated(token);
    reload();
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(undefined);
    try {
      await api.revokeToken(revoking.id);
      addAlert(t("patRevoked", { name: revoking.name }));
      setRevoking(undefined);
      reload();
    } catch (e) {
      setRevokeError(e);
    } finally {
      setRevokeBusy(false);
    }
  };

  const createButton = (
    <Button
      data-testid="pat-create-button"
      variant="primary"
      icon={<KeyIcon />}
      isDisabled={!options || cannotCreate(options)}
      onClick={() => setCreating(true)}
    >
      {t("patCreate")}
    </Button>
  );

  return (
    <Page title={t("personalAccessTokens")} description={t("patDescription")}>
      {loadError !== undefined && <ErrorAlert error={loadError} title={t("patLoadFailed")} />}
      {/* one banner is enough when the server cannot be reached at all */}
      {optionsError !== undefined && loadError === undefined && (
        <ErrorAlert error={optionsError} title={t("patOptionsFailed")} />
      )}
      {options && cannotCreate(options) && (
        <Alert variant="info" isInline title={t("patNoTeam")} data-testid="pat-no-team" className="pf-v5-u-mb-md" />
      )}

      {tokens === undefined && loadError === undefined && (
        <Bullseye>
          <Spinner aria-label={t("patLoading")} />
        </Bullseye>
      )}

      {tokens !== undefined && tokens.length === 0 && (
        <EmptyState data-testid="pat-empty-state">
          <EmptyStateHeader
            titleText={t("patEmptyTitle")}
            headingLevel="h2"
            icon={<EmptyStateIcon icon={KeyIcon} />}
          />
          <EmptyStateBody>
            <TextContent>
              <Text>{t("patEmptyBody")}</Text>
              <Text>{t("patEmptyBodySecurity")}</Text>
            </TextContent>
          </EmptyStateBody>
          <EmptyStateFooter>
            <EmptyStateActions>{createButton}</EmptyStateActions>
          </EmptyStateFooter>
        </EmptyState>
      )}

      {tokens !== undefined && tokens.length > 0 && (
        <>
          <Toolbar inset={{ default: "insetNone" }}>
            <ToolbarContent>
              <ToolbarItem>{createButton}</ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="plain"
                  data-testid="pat-refresh"
                  aria-label={t("patRefresh")}
                  onClick={reload}
                  icon={<SyncAltIcon />}
                />
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          <Table data-testid="pat-table" aria-label={t("personalAccessTokens")} variant="compact">
            <Thead>
              <Tr>
                <Th>{t("patName")}</Th>
                <Th>{t("patPrefix")}</Th>
                <Th>{t("patTeam")}</Th>
                <Th>{t("patAccess")}</Th>
                <Th>{t("patRoles")}</Th>
                <Th>{t("patCreated")}</Th>
                <Th>{t("patExpires")}</Th>
                <Th>{t("patLastUsed")}</Th>
                <Th screenReaderText={t("patActions")} />
              </Tr>
            </Thead>
            <Tbody>
              {tokens.map((token) => {
                const expiry = expiryDisplay(token, locale);
                const lastUsed = lastUsedDisplay(token.lastUsedAt, locale);
                return (
                  <Tr key={token.id} data-testid="pat-row">
                    <Td dataLabel={t("patName")}>{token.name}</Td>
                    <Td dataLabel={t("patPrefix")}>
                      <code className="pf-v5-u-font-family-monospace">{token.prefix}</code>
                    </Td>
                    <Td dataLabel={t("patTeam")}>{token.team?.name ?? "—"}</Td>
                    <Td dataLabel={t("patAccess")}>
                      {token.write ? (
                        <Label color="orange">{t("patReadWrite")}</Label>
                      ) : (
                        <Label color="blue">{t("patReadOnly")}</Label>
                      )}
                    </Td>
                    <Td dataLabel={t("patRoles")}>
                      {token.roles && token.roles.length > 0 ? (
                        <LabelGroup numLabels={3} aria-label={t("patRoles")}>
                          {token.roles.map((r) => (
                            <Label key={r} isCompact>
                              {r}
                            </Label>
                          ))}
                        </LabelGroup>
                      ) : (
                        t("patAllRoles")
                      )}
                    </Td>
                    <Td dataLabel={t("patCreated")}>
                      <Tooltip content={formatDate(token.createdAt, locale, true)}>
                        <span tabIndex={0}>{relativeTime(token.createdAt, locale)}</span>
                      </Tooltip>
                    </Td>
                    <Td dataLabel={t("patExpires")}>
                      {expiry.kind === "never" && t("patNever")}
                      {expiry.kind === "expired" && (
                        <Tooltip content={expiry.absolute || t("patExpired")}>
                          <Label color="red" tabIndex={0}>
                            {t("patExpired")}
                          </Label>
                        </Tooltip>
                      )}
                      {expiry.kind === "expires" && (
                        <span>
                          {expiry.soon ? <Label color="gold">{expiry.relative}</Label> : expiry.relative}
                          <br />
                          <small className="pf-v5-u-color-200">{expiry.absolute}</small>
                        </span>
                      )}
                    </Td>
                    <Td dataLabel={t("patLastUsed")}>
                      {lastUsed === null ? (
                        <span className="pf-v5-u-color-200">{t("patNeverUsed")}</span>
                      ) : (
                        <Tooltip content={formatDate(token.lastUsedAt!, locale, true)}>
                          <span tabIndex={0}>{lastUsed}</span>
                        </Tooltip>
                      )}
                    </Td>
                    <Td isActionCell>
                      <Button
                        variant="secondary"
                        isDanger
                        size="sm"
                        data-testid="pat-revoke"
                        aria-label={t("patRevokeAria", { name: token.name })}
                        onClick={() => {
                          setRevokeError(undefined);
                          setRevoking(token);
                        }}
                      >
                        {t("patRevoke")}
                      </Button>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        </>
      )}

      {creating && options && (
        <CreateTokenModal
          api={api}
          options={options}
          initialForm={resumedForm}
          onReauthenticate={reauthenticate}
          onCreated={(token) => {
            setResumedForm(undefined);
            onCreated(token);
          }}
          onClose={() => {
            setResumedForm(undefined);
            setCreating(false);
          }}
        />
      )}

      {created && <TokenCreatedModal created={created} onClose={() => setCreated(undefined)} />}

      {revoking && (
        <Modal
          variant={ModalVariant.small}
          titleIconVariant="warning"
          title={t("patRevokeTitle")}
          isOpen
          onClose={() => setRevoking(undefined)}
          data-testid="pat-revoke-modal"
          actions={[
            <Button
              key="confirm"
              variant="danger"
              data-testid="pat-revoke-confirm"
              isLoading={revokeBusy}
              isDisabled={revokeBusy}
              onClick={revoke}
            >
              {t("patRevoke")}
            </Button>,
            <Button key="cancel" variant="link" data-testid="pat-revoke-cancel" onClick={() => setRevoking(undefined)}>
              {t("cancel")}
            </Button>,
          ]}
        >
          {revokeError !== undefined && <ErrorAlert error={revokeError} title={t("patRevokeFailed")} />}
          {t("patRevokeConfirm", { name: revoking.name, prefix: revoking.prefix })}
        </Modal>
      )}
    </Page>
  );
};

export default PersonalAccessTokens;
