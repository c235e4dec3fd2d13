-- CreateTable
CREATE TABLE "ProvisioningHourlyTally" (
    "connectorId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "deadLetters" INTEGER NOT NULL DEFAULT 0,
    "settled" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("connectorId", "hour")
);

-- CreateIndex
CREATE INDEX "ProvisioningHourlyTally_hour_idx" ON "ProvisioningHourlyTally"("hour");


-- The attempts logged so far, counted per connector and hour as recording them now counts them
INSERT INTO "ProvisioningHourlyTally" ("connectorId", "hour", "successes", "failures", "deadLetters", "settled")
SELECT "connectorId", substr("at", 1, 13) || ':00:00.000+00:00',
  SUM(CASE WHEN "status" = 'success' THEN 1 ELSE 0 END), SUM(CASE WHEN "status" IN ('retrying', 'dead') THEN 1 ELSE 0 END),
  SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END), SUM(CASE WHEN "status" IN ('success', 'skipped', 'dead') THEN 1 ELSE 0 END)
FROM "ProvisioningAttempt" WHERE "status" IN ('success', 'skipped', 'retrying', 'dead') GROUP BY "connectorId", substr("at", 1, 13);
