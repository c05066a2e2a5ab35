import { Page, useEnvironment } from "@keycloak/keycloak-account-ui";
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
  Spinner,
  Text,
  TextContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { KeyIcon, SyncAltIcon } from "@patternfly/react-icons";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import type { CreatedToken, TokenView } from "./api";
import { CreateTokenModal } from "./CreateTokenModal";
import { ErrorAlert } from "./ErrorAlert";
import { cannotCreate, type CreateForm } from "./formRules";
import {
  REGENERATE_PARAM,
  reauthLoginOptions,
  regenerateUrl,
  startReauthentication,
  takeCreateIntent,
} from "./reauth";
import { RegenerateDialog } from "./RegenerateDialog";
import { RevokeDialog } from "./RevokeDialog";
import { TokenCreatedModal } from "./TokenCreatedModal";
import { TokenTable } from "./TokenTable";
import { usePatApi } from "./usePatApi";
import { useTokens } from "./useTokens";

export const PersonalAccessTokens = () => {
  const { t } = useTranslation();
  const api = usePatApi();
  const { keycloak } = useEnvironment();
  const { tokens, options, loadError, optionsError, reload } = useTokens(api);

  const [creating, setCreating] = useState(false);
  /** What the user had typed before signing in again; the dialog opens with it. */
  const [resumedForm, setResumedForm] = useState<CreateForm>();
  const resumeChecked = useRef(false);
  const [created, setCreated] = useState<CreatedToken>();
  const [revoking, setRevoking] = useState<TokenView>();
  const [regenerating, setRegenerating] = useState<TokenView>();
  const [searchParams, setSearchParams] = useSearchParams();

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

  // `?regenerate=<tokenId>` (the expiry reminder's link, or back from a fresh sign-in): open that token's
  // Regenerate dialog if it is listed, then drop the parameter so that a reload does not open it again.
  const regenerateId = searchParams.get(REGENERATE_PARAM);
  useEffect(() => {
    if (regenerateId === null || tokens === undefined) return;
    const token = tokens.find((candidate) => candidate.id === regenerateId);
    if (token) setRegenerating(token);
    setSearchParams(
      (params) => {
        params.delete(REGENERATE_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [regenerateId, tokens, setSearchParams]);

  const showCreated = (token: CreatedToken) => {
    setCreated(token);
    reload();
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
          <TokenTable tokens={tokens} onRegenerate={setRegenerating} onRevoke={setRevoking} />
        </>
      )}

      {creating && options && (
        <CreateTokenModal
          api={api}
          options={options}
          initialForm={resumedForm}
          onReauthenticate={(form) =>
            startReauthentication(window.sessionStorage, form, (o) => keycloak.login(o), window.location.href)
          }
          onCreated={(token) => {
            setResumedForm(undefined);
            setCreating(false);
            showCreated(token);
          }}
          onClose={() => {
            setResumedForm(undefined);
            setCreating(false);
          }}
        />
      )}

      {regenerating && (
        <RegenerateDialog
          api={api}
          token={regenerating}
          options={options}
          onReauthenticate={(token) => keycloak.login(reauthLoginOptions(regenerateUrl(window.location.href, token.id)))}
          onRegenerated={(token) => {
            setRegenerating(undefined);
            showCreated(token);
          }}
          onClose={() => setRegenerating(undefined)}
        />
      )}

      {created && <TokenCreatedModal created={created} onClose={() => setCreated(undefined)} />}

      {revoking && (
        <RevokeDialog
          api={api}
          token={revoking}
          onRevoked={() => {
            setRevoking(undefined);
            reload();
          }}
          onClose={() => setRevoking(undefined)}
        />
      )}
    </Page>
  );
};

export default PersonalAccessTokens;
