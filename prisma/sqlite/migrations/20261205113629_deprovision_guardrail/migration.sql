-- CreateTable
CREATE TABLE "DeprovisionGuard" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "windowMinutes" INTEGER NOT NULL DEFAULT 60,
    "thresholdPercent" INTEGER NOT NULL DEFAULT 10,
    "minPeople" INTEGER NOT NULL DEFAULT 10,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeprovisionIntent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "body" TEXT,
    "tokenId" TEXT,
    "tokenLabel" TEXT,
    "userName" TEXT NOT NULL,
    "displayName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "detail" TEXT
);

-- CreateIndex
CREATE INDEX "DeprovisionIntent_workspaceId_state_createdAt_idx" ON "DeprovisionIntent"("workspaceId", "state", "createdAt");

-- CreateIndex
CREATE INDEX "DeprovisionIntent_workspaceId_memberId_state_idx" ON "DeprovisionIntent"("workspaceId", "memberId", "state");
