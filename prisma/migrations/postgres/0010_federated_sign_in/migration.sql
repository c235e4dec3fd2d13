-- AlterTable
ALTER TABLE "ServiceProvider" ADD COLUMN     "loginFlow" TEXT;

-- CreateTable
CREATE TABLE "FederatedLink" (
    "connectionId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mappedRoles" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FederatedLink_pkey" PRIMARY KEY ("connectionId","subject")
);

-- CreateTable
CREATE TABLE "FederatedSignIn" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FederatedSignIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FederatedLink_userId_idx" ON "FederatedLink"("userId");

-- CreateIndex
CREATE INDEX "FederatedSignIn_expiresAt_idx" ON "FederatedSignIn"("expiresAt");

-- AddForeignKey
ALTER TABLE "FederatedLink" ADD CONSTRAINT "FederatedLink_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FederatedLink" ADD CONSTRAINT "FederatedLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

