import {
  ActionList,
  ActionListItem,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
  Tooltip,
} from "@patternfly/react-core";
import { AngleDownIcon } from "@patternfly/react-icons";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TokenView } from "./api";
import { expiryDisplay, formatDate, lastUsedDisplay, relativeTime } from "./time";
import { TOKEN_ACTIONS, tokenActionTestId, type TokenAction } from "./tokenActions";

type Props = {
  tokens: TokenView[];
  onRegenerate: (token: TokenView) => void;
  onRevoke: (token: TokenView) => void;
};

const COLUMNS = 10;

/** The caller's tokens, one row each, with expandable details (predecessor, last addresses) and actions. */
export const TokenTable = ({ tokens, onRegenerate, onRevoke }: Props) => {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table data-testid="pat-table" aria-label={t("personalAccessTokens")} variant="compact">
      <Thead>
        <Tr>
          <Th screenReaderText={t("patDetails")} />
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
      {tokens.map((token) => {
        const open = expanded.has(token.id);
        return (
          <Tbody key={token.id} isExpanded={open}>
            <TokenRow
              token={token}
              detailsId={`pat-details-${token.id}`}
              isExpanded={open}
              onToggle={() => toggle(token.id)}
              onRegenerate={onRegenerate}
              onRevoke={onRevoke}
            />
            {open && (
              <Tr isExpanded id={`pat-details-${token.id}`} data-testid="pat-row-details">
                <Td colSpan={COLUMNS}>
                  <ExpandableRowContent>
                    <TokenDetails token={token} tokens={tokens} />
                  </ExpandableRowContent>
                </Td>
              </Tr>
            )}
          </Tbody>
        );
      })}
    </Table>
  );
};

type RowProps = {
  token: TokenView;
  /** The id of the details row this row's toggle opens. */
  detailsId: string;
  isExpanded: boolean;
  onToggle: () => void;
  onRegenerate: (token: TokenView) => void;
  onRevoke: (token: TokenView) => void;
};

const TokenRow = ({ token, detailsId, isExpanded, onToggle, onRegenerate, onRevoke }: RowProps) => {
  const { t, i18n } = useTranslation();
  const locale = i18n.language || "en";
  const expiry = expiryDisplay(token, locale);
  const lastUsed = lastUsedDisplay(token.lastUsedAt, locale);
  return (
    <Tr data-testid="pat-row">
      {/* PatternFly's expand toggle, with a label in the page's language (Td's `expand` has a fixed English one) */}
      <Td className="pf-v5-c-table__toggle">
        <Button
          variant="plain"
          className={isExpanded ? "pf-m-expanded" : undefined}
          data-testid="pat-row-expand"
          aria-label={t("patDetailsAria", { name: token.name })}
          aria-expanded={isExpanded}
          aria-controls={isExpanded ? detailsId : undefined}
          onClick={onToggle}
        >
          <div className="pf-v5-c-table__toggle-icon">
            <AngleDownIcon />
          </div>
        </Button>
      </Td>
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
        <ActionList>
          <TokenActionButton action="regenerate" token={token} onClick={onRegenerate} />
          <TokenActionButton action="revoke" token={token} onClick={onRevoke} />
        </ActionList>
      </Td>
    </Tr>
  );
};

/** A row's button for one action on its token (see `TOKEN_ACTIONS`). */
type TokenActionButtonProps = { action: TokenAction; token: TokenView; onClick: (token: TokenView) => void };

const TokenActionButton = ({ action, token, onClick }: TokenActionButtonProps) => {
  const { t } = useTranslation();
  const { label, rowLabel, danger } = TOKEN_ACTIONS[action];
  return (
    <ActionListItem>
      <Button
        variant="secondary"
        isDanger={danger}
        size="sm"
        data-testid={tokenActionTestId(action)}
        aria-label={t(rowLabel, { name: token.name })}
        onClick={() => onClick(token)}
      >
        {t(label)}
      </Button>
    </ActionListItem>
  );
};

/** A row's details: the token it was regenerated from (if still listed) and the addresses of its last uses. */
const TokenDetails = ({ token, tokens }: { token: TokenView; tokens: TokenView[] }) => {
  const { t } = useTranslation();
  const predecessor = token.rotatedFrom ? tokens.find((other) => other.id === token.rotatedFrom) : undefined;
  return (
    <DescriptionList isHorizontal isCompact>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("patRotatedFrom")}</DescriptionListTerm>
        <DescriptionListDescription data-testid="pat-rotated-from">
          {!token.rotatedFrom
            ? "—"
            : predecessor
              ? t("patRotatedFromToken", { name: predecessor.name, prefix: predecessor.prefix })
              : t("patRotatedFromGone")}
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("patLastUsedIps")}</DescriptionListTerm>
        <DescriptionListDescription data-testid="pat-last-used-ips">
          {token.lastUsedIps.length === 0 ? (
            <span className="pf-v5-u-color-200">{t("patNoAddresses")}</span>
          ) : (
            <LabelGroup numLabels={5} aria-label={t("patLastUsedIps")}>
              {token.lastUsedIps.map((ip) => (
                <Label key={ip} isCompact>
                  <code className="pf-v5-u-font-family-monospace">{ip}</code>
                </Label>
              ))}
            </LabelGroup>
          )}
        </DescriptionListDescription>
      </DescriptionListGroup>
    </DescriptionList>
  );
};
