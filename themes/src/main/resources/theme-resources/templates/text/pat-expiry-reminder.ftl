<#ftl output_format="plainText">
<#--
  Reminder that a personal access token expires soon (keycloak-pat).
  Attributes set by the sender: tokenName, tokenPrefix, daysLeft, expiresAt (formatted date),
  accountUrl (the account console page that opens the token's Regenerate action); plus Keycloak's own (user, realmName).
-->
${msg("patExpiryReminderBody", tokenName, tokenPrefix, daysLeft, expiresAt, accountUrl)}
