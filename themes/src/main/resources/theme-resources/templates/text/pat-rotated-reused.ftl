<#ftl output_format="plainText">
<#--
  A rotated-away personal access token was used after its grace; the tokens rotated from it were revoked (keycloak-pat).
  Attributes set by the sender: tokenName, tokenPrefix (of the reused token), usedAt (formatted time), accountUrl (the
  account console's personal-access-tokens page), revokedCount; plus Keycloak's own (user, realmName). Never a token.
-->
${msg("patRotatedReusedBody", tokenName, tokenPrefix, usedAt, accountUrl, revokedCount)}
