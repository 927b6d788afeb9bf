-- What refunds of part of an order have refunded of a commission's basis so far: each refund then takes back the
-- share of the refunds' total less what earlier refunds took (rounded once), and refunds reaching the whole basis
-- take back the whole commission. Before, each refund rounded its own share, and two halves of $100.50 at 10% left
-- a cent of commission on a fully refunded order. Rows written before this count from 0, as they were counted.
ALTER TABLE "commissions" ADD COLUMN "refunded_basis_minor" BIGINT NOT NULL DEFAULT 0;
