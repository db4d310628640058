-- AlterTable
ALTER TABLE "Member" ADD COLUMN "linkReview" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "emailLower" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "emailVerifiedAt" DATETIME,
    "sessionEpoch" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Account" ("createdAt", "email", "emailLower", "id", "name", "passwordHash", "updatedAt") SELECT "createdAt", "email", "emailLower", "id", "name", "passwordHash", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_emailLower_key" ON "Account"("emailLower");
CREATE TABLE "new_ScimToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdByName" TEXT,
    "createdByMemberId" TEXT,
    "createdByOperator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ScimToken_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScimToken" ("createdAt", "createdByName", "expiresAt", "id", "label", "lastUsedAt", "prefix", "revokedAt", "secretHash", "workspaceId") SELECT "createdAt", "createdByName", "expiresAt", "id", "label", "lastUsedAt", "prefix", "revokedAt", "secretHash", "workspaceId" FROM "ScimToken";
DROP TABLE "ScimToken";
ALTER TABLE "new_ScimToken" RENAME TO "ScimToken";
CREATE UNIQUE INDEX "ScimToken_prefix_key" ON "ScimToken"("prefix");
CREATE INDEX "ScimToken_workspaceId_idx" ON "ScimToken"("workspaceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Data: the identity rules (README "Accounts and workspaces").
-- Accounts that already sign in (a password, or an SSO link) keep their credentials: their email counts as
-- established. Accounts made by the old invite flow that were never used are dropped below.
UPDATE "Account" SET "emailVerifiedAt" = "createdAt"
WHERE "passwordHash" IS NOT NULL
   OR EXISTS (SELECT 1 FROM "Member" m WHERE m."accountId" = "Account"."id" AND m."ssoSubject" IS NOT NULL);

-- An invited member is not linked to any account until the person accepts.
UPDATE "Member" SET "accountId" = NULL WHERE "status" = 'invited';
DELETE FROM "Account"
WHERE "passwordHash" IS NULL AND NOT EXISTS (SELECT 1 FROM "Member" m WHERE m."accountId" = "Account"."id");

-- Links the new rules would not make, listed for an owner to confirm or detach (nothing is dropped):
-- provisioned (SCIM/SSO) members linked to an account on a domain the workspace has not verified, and
-- manual members attached to an account that existed before the membership (the old invite flow made
-- such people members at once, without their consent). Owners are left alone.
UPDATE "Member" SET "linkReview" = CASE WHEN "source" = 'manual' THEN 'attached_existing' ELSE 'provisioned_unverified' END
WHERE "accountId" IS NOT NULL AND "role" <> 'owner' AND "status" <> 'invited'
  AND NOT EXISTS (
    SELECT 1 FROM "Account" a JOIN "Domain" d ON d."workspaceId" = "Member"."workspaceId" AND d."verifiedAt" IS NOT NULL
    WHERE a."id" = "Member"."accountId" AND a."emailLower" LIKE '%@' || d."domain")
  AND ("source" <> 'manual'
    OR EXISTS (SELECT 1 FROM "Account" a WHERE a."id" = "Member"."accountId" AND julianday(a."createdAt") < julianday("Member"."createdAt") - 5.0 / 86400));
