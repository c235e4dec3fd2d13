-- CreateTable
CREATE TABLE "OidcPayload" (
    "type" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "expiresAt" DATETIME,
    "consumedAt" DATETIME,

    PRIMARY KEY ("type", "id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "alg" TEXT NOT NULL,
    "jwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "TokenRevocation" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

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
    "tokenEndpointAuthMethod" TEXT NOT NULL DEFAULT 'client_secret_basic',
    "accessTokenLifetime" INTEGER NOT NULL DEFAULT 900,
    "tokensNotBefore" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ServiceProvider" ("clientId", "clientSecretHash", "createdAt", "description", "grantTypes", "id", "inboundUserStore", "kind", "name", "proxyMode", "redirectUris", "resident", "scopes", "updatedAt", "version") SELECT "clientId", "clientSecretHash", "createdAt", "description", "grantTypes", "id", "inboundUserStore", "kind", "name", "proxyMode", "redirectUris", "resident", "scopes", "updatedAt", "version" FROM "ServiceProvider";
DROP TABLE "ServiceProvider";
ALTER TABLE "new_ServiceProvider" RENAME TO "ServiceProvider";
CREATE UNIQUE INDEX "ServiceProvider_name_key" ON "ServiceProvider"("name");
CREATE UNIQUE INDEX "ServiceProvider_clientId_key" ON "ServiceProvider"("clientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");

-- CreateIndex
CREATE INDEX "OidcPayload_userCode_idx" ON "OidcPayload"("userCode");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

-- CreateIndex
CREATE INDEX "TokenRevocation_createdAt_idx" ON "TokenRevocation"("createdAt");

