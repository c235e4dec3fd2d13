-- AlterTable
ALTER TABLE "ServiceProvider" ADD COLUMN "loginFlow" TEXT;

-- CreateTable
CREATE TABLE "FederatedLink" (
    "connectionId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mappedRoles" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("connectionId", "subject"),
    CONSTRAINT "FederatedLink_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FederatedLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FederatedSignIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "interactionUid" TEXT,
    "returnTo" TEXT,
    "nonce" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'redirected',
    "subject" TEXT,
    "claims" TEXT,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "FederatedLink_userId_idx" ON "FederatedLink"("userId");

-- CreateIndex
CREATE INDEX "FederatedSignIn_expiresAt_idx" ON "FederatedSignIn"("expiresAt");

