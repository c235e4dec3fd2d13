-- Provisioners of applications deleted before this migration (they had no foreign key then) go first
DELETE FROM "OutboundProvisioner" WHERE "serviceProviderId" NOT IN (SELECT "id" FROM "ServiceProvider");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboundProvisioner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceProviderId" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "rulesEnabled" BOOLEAN NOT NULL DEFAULT false,
    "rule" TEXT,
    "jitEnabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboundProvisioner_serviceProviderId_fkey" FOREIGN KEY ("serviceProviderId") REFERENCES "ServiceProvider" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboundProvisioner_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboundProvisioner" ("blocking", "connectorId", "createdAt", "id", "jitEnabled", "rule", "rulesEnabled", "serviceProviderId") SELECT "blocking", "connectorId", "createdAt", "id", "jitEnabled", "rule", "rulesEnabled", "serviceProviderId" FROM "OutboundProvisioner";
DROP TABLE "OutboundProvisioner";
ALTER TABLE "new_OutboundProvisioner" RENAME TO "OutboundProvisioner";
CREATE UNIQUE INDEX "OutboundProvisioner_serviceProviderId_connectorId_key" ON "OutboundProvisioner"("serviceProviderId", "connectorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

