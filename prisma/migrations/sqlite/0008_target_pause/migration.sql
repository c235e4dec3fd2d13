-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN "outageTries" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TargetPause" (
    "connectorId" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "pausedUntil" DATETIME NOT NULL,
    "probeBy" TEXT,
    "probeUntil" DATETIME,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL
);
