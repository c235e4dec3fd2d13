-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ServiceProvider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "resident" BOOLEAN NOT NULL DEFAULT false,
    "kind" TEXT NOT NULL,
    "clientId" TEXT,
    "clientSecretHash" TEXT,
    "redirectUris" TEXT NOT NULL DEFAULT '[]',
    "grantTypes" TEXT NOT NULL DEFAULT '[]',
    "scopes" TEXT NOT NULL DEFAULT '[]',
    "inboundUserStore" TEXT NOT NULL DEFAULT 'PRIMARY',
    "proxyMode" BOOLEAN NOT NULL DEFAULT false,
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "loginFlow" TEXT,
    "tokenEndpointAuthMethod" TEXT NOT NULL DEFAULT 'client_secret_basic',
    "accessTokenLifetime" INTEGER NOT NULL DEFAULT 900,
    "tokensNotBefore" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "accessTokenSigningAlg" TEXT NOT NULL DEFAULT 'ES256',
    "idTokenSignedResponseAlg" TEXT NOT NULL DEFAULT 'RS256'
);
INSERT INTO "new_ServiceProvider" ("accessTokenLifetime", "clientId", "clientSecretHash", "createdAt", "description", "grantTypes", "id", "inboundUserStore", "kind", "loginFlow", "name", "postLogoutRedirectUris", "proxyMode", "redirectUris", "resident", "scopes", "tokenEndpointAuthMethod", "tokensNotBefore", "updatedAt", "version") SELECT "accessTokenLifetime", "clientId", "clientSecretHash", "createdAt", "description", "grantTypes", "id", "inboundUserStore", "kind", "loginFlow", "name", "postLogoutRedirectUris", "proxyMode", "redirectUris", "resident", "scopes", "tokenEndpointAuthMethod", "tokensNotBefore", "updatedAt", "version" FROM "ServiceProvider";
DROP TABLE "ServiceProvider";
ALTER TABLE "new_ServiceProvider" RENAME TO "ServiceProvider";
CREATE UNIQUE INDEX "ServiceProvider_name_key" ON "ServiceProvider"("name");
CREATE UNIQUE INDEX "ServiceProvider_clientId_key" ON "ServiceProvider"("clientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

