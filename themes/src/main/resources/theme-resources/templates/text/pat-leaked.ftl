<#ftl output_format="plainText">
<#--
  A personal access token was reported as exposed and has been revoked (keycloak-pat).
  Attributes set by the sender: tokenName, tokenPrefix, revokedAt (formatted time), accountUrl (the account
  console's personal-access-tokens page); plus Keycloak's own (user, realmName). Never the token itself.
-->
${msg("patLeakedBody", tokenName, tokenPrefix, revokedAt, accountUrl)}
