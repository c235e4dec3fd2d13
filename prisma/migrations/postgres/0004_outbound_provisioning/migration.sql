-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "homeRealmId" TEXT,
    "alias" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "federation" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Connector" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" TEXT NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionRole" (
    "connectionId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,

    CONSTRAINT "ConnectionRole_pkey" PRIMARY KEY ("connectionId","roleId")
);

-- CreateTable
CREATE TABLE "OutboundProvisioner" (
    "id" TEXT NOT NULL,
    "serviceProviderId" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "rulesEnabled" BOOLEAN NOT NULL DEFAULT false,
    "rule" TEXT,
    "jitEnabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboundProvisioner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "seq" SERIAL NOT NULL,
    "connectorId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "RemoteMapping" (
    "connectorId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RemoteMapping_pkey" PRIMARY KEY ("connectorId","entityType","entityId")
);

-- CreateTable
CREATE TABLE "ProvisioningAttempt" (
    "id" TEXT NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "connectorId" TEXT NOT NULL,
    "connectionName" TEXT NOT NULL,
    "connectorType" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "entityName" TEXT NOT NULL DEFAULT '',
    "operation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "attempt" INTEGER NOT NULL,
    "request" TEXT NOT NULL DEFAULT '',
    "response" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisioningAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Connection_name_key" ON "Connection"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Connector_connectionId_type_key" ON "Connector"("connectionId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundProvisioner_serviceProviderId_connectorId_key" ON "OutboundProvisioner"("serviceProviderId", "connectorId");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_nextAttemptAt_idx" ON "OutboxEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_connectorId_entityType_entityId_seq_idx" ON "OutboxEvent"("connectorId", "entityType", "entityId", "seq");

-- CreateIndex
CREATE INDEX "RemoteMapping_connectorId_remoteId_idx" ON "RemoteMapping"("connectorId", "remoteId");

-- CreateIndex
CREATE INDEX "ProvisioningAttempt_at_idx" ON "ProvisioningAttempt"("at");

-- CreateIndex
CREATE INDEX "ProvisioningAttempt_entityType_entityId_at_idx" ON "ProvisioningAttempt"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "ProvisioningAttempt_connectorId_at_idx" ON "ProvisioningAttempt"("connectorId", "at");

-- CreateIndex
CREATE INDEX "ProvisioningAttempt_status_at_idx" ON "ProvisioningAttempt"("status", "at");

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionRole" ADD CONSTRAINT "ConnectionRole_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundProvisioner" ADD CONSTRAINT "OutboundProvisioner_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Sorting and range filters compare keys in code-point order (COLLATE "C", as SQLite does); these indexes let
-- PostgreSQL serve them without sorting the whole table. Written by hand: Prisma's schema cannot express them.
CREATE INDEX "User_userNameKey_c_idx" ON "User" ("userNameKey" COLLATE "C", "id" COLLATE "C");
CREATE INDEX "Group_displayNameKey_c_idx" ON "Group" ("displayNameKey" COLLATE "C", "id" COLLATE "C");
