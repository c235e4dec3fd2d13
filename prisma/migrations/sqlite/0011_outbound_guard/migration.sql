-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "homeRealmId" TEXT,
    "alias" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "federation" TEXT NOT NULL DEFAULT '{}',
    "outboundPolicy" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Connection" ("alias", "createdAt", "description", "enabled", "federation", "homeRealmId", "id", "name", "updatedAt", "version") SELECT "alias", "createdAt", "description", "enabled", "federation", "homeRealmId", "id", "name", "updatedAt", "version" FROM "Connection";
DROP TABLE "Connection";
ALTER TABLE "new_Connection" RENAME TO "Connection";
CREATE UNIQUE INDEX "Connection_name_key" ON "Connection"("name");
CREATE TABLE "new_OutboxEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "connectorId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "outageTries" INTEGER NOT NULL DEFAULT 0,
    "removal" BOOLEAN NOT NULL DEFAULT false,
    "approvedAt" DATETIME
);
INSERT INTO "new_OutboxEvent" ("attempts", "blocking", "connectorId", "createdAt", "entityId", "entityType", "lastError", "lockedBy", "lockedUntil", "nextAttemptAt", "operation", "outageTries", "payload", "seq", "status", "updatedAt") SELECT "attempts", "blocking", "connectorId", "createdAt", "entityId", "entityType", "lastError", "lockedBy", "lockedUntil", "nextAttemptAt", "operation", "outageTries", "payload", "seq", "status", "updatedAt" FROM "OutboxEvent";
DROP TABLE "OutboxEvent";
ALTER TABLE "new_OutboxEvent" RENAME TO "OutboxEvent";
CREATE INDEX "OutboxEvent_status_nextAttemptAt_idx" ON "OutboxEvent"("status", "nextAttemptAt");
CREATE INDEX "OutboxEvent_connectorId_entityType_entityId_seq_idx" ON "OutboxEvent"("connectorId", "entityType", "entityId", "seq");
CREATE INDEX "OutboxEvent_connectorId_removal_createdAt_idx" ON "OutboxEvent"("connectorId", "removal", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

