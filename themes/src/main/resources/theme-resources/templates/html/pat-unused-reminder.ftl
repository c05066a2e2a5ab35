<#--
  A personal access token will be revoked for being unused (keycloak-pat).
  Attributes set by the sender: tokenName, tokenPrefix, unusedDays (the realm's unusedRevokeDays), revokeAt (formatted
  date), accountUrl (the account console's personal-access-tokens page); plus Keycloak's own (user, realmName).
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("patUnusedReminderBodyHtml", tokenName, tokenPrefix, unusedDays, revokeAt, accountUrl))?no_esc}
</@layout.emailLayout>
