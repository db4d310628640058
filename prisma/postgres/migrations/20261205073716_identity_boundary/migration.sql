-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "sessionEpoch" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "linkReview" TEXT;

-- AlterTable
ALTER TABLE "ScimToken" ADD COLUMN     "createdByMemberId" TEXT,
ADD COLUMN     "createdByOperator" BOOLEAN NOT NULL DEFAULT false;

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
    OR EXISTS (SELECT 1 FROM "Account" a WHERE a."id" = "Member"."accountId" AND a."createdAt" < "Member"."createdAt" - interval '5 seconds'));
