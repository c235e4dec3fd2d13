-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "outageTries" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TargetPause" (
    "connectorId" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "pausedUntil" TIMESTAMP(3) NOT NULL,
    "probeBy" TEXT,
    "probeUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TargetPause_pkey" PRIMARY KEY ("connectorId")
);
