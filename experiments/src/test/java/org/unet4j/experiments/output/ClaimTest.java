package org.unet4j.experiments.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.output.Verdict.Status;
import org.unet4j.experiments.stats.PairedTest;

/**
 * Claim predicates and verdicts on hand-made tables: true, false, ties, missing values, several seeds, and claims
 * stored with their table in results.json.
 */
class ClaimTest {
    private static final String SOURCE = "Paper, Table 1";

    private static ResultTable table(double dbDice, double dbAhd, double plnDice, double plnAhd) {
        return new ResultTable("Table 1", "hand-made", List.of(ResultTable.Column.higher("cells Dice", 3),
                ResultTable.Column.lower("cells AHD", 2)))
                .addRow("PLN", plnDice, plnAhd)
                .addRow("DB", dbDice, dbAhd)
                .addRow("FO", 0.5, 9.0);
    }

    private static Claim dbBest(String columns) {
        return new Claim("DB is best", SOURCE, TableCheck.best("DB", columns, List.of()));
    }

    @Test
    void aRowBestInEveryChosenColumnIsSupportedWithTheDecidingNumbers() {
        Verdict v = dbBest("cells .*").judge(table(0.81, 2.0, 0.79, 3.0));
        assertEquals(Status.SUPPORTED, v.status());
        assertEquals("one seed", v.basis());
        assertEquals("cells Dice: DB 0.810 beats PLN 0.790; cells AHD: DB 2.000 beats PLN 3.000", v.numbers());
    }

    @Test
    void lowerIsBetterColumnsAreComparedDownwards() {
        Verdict v = dbBest("cells AHD").judge(table(0.81, 3.5, 0.79, 3.0));
        assertEquals(Status.NOT_SUPPORTED, v.status());
        assertEquals("cells AHD: DB 3.500 trails PLN 3.000", v.numbers());
        assertEquals(Status.SUPPORTED, dbBest("cells Dice").judge(table(0.81, 3.5, 0.79, 3.0)).status());
    }

    @Test
    void aTieHoldsForBestButNotForStrictlyBetter() {
        ResultTable tied = table(0.8, 2.0, 0.8, 3.0);
        Verdict best = dbBest("cells Dice").judge(tied);
        assertEquals(Status.SUPPORTED, best.status());
        assertEquals("cells Dice: DB 0.800 ties PLN 0.800", best.numbers());
        Claim better = new Claim("DB beats PLN", SOURCE, TableCheck.better("DB", "PLN", "cells Dice"));
        assertEquals(Status.NOT_SUPPORTED, better.judge(tied).status());
        assertEquals(Status.SUPPORTED, better.judge(table(0.8001, 2.0, 0.8, 3.0)).status());
    }

    @Test
    void namedRivalsLimitTheComparison() {
        ResultTable t = table(0.7, 2.0, 0.6, 3.0).addRow("Dopri5", 0.9, 1.0);
        Claim overPln = new Claim("DB beats PLN and FO", SOURCE, TableCheck.best("DB", ".*", List.of("PLN", "FO")));
        assertEquals(Status.SUPPORTED, overPln.judge(t).status());
        assertEquals(Status.NOT_SUPPORTED, dbBest(".*").judge(t).status());
    }

    @Test
    void missingValuesRowsOrColumnsAreInconclusiveNotAGuess() {
        Verdict nan = dbBest("cells Dice").judge(table(Double.NaN, 2.0, 0.79, 3.0));
        assertEquals(Status.INCONCLUSIVE, nan.status());
        assertEquals("cells Dice: DB has no value", nan.numbers());
        Verdict rivalNan = dbBest("cells Dice").judge(table(0.8, 2.0, Double.NaN, 3.0));
        assertEquals("cells Dice: PLN has no value", rivalNan.numbers());
        assertEquals(Status.INCONCLUSIVE, dbBest("lesions Dice").judge(table(0.8, 2, 0.7, 3)).status());
        Claim noRow = new Claim("INC is best", SOURCE, TableCheck.best("INC", ".*", List.of()));
        Verdict v = noRow.judge(table(0.8, 2, 0.7, 3));
        assertEquals(Status.INCONCLUSIVE, v.status());
        assertEquals("no row 'INC'", v.numbers());
    }

    @Test
    void aLogLogSlopeReadsRowLabelsAsNumbersOrFractions() {
        ResultTable order = new ResultTable("Table 2", "errors", "dt", List.of(ResultTable.Column.lower("error", 6)))
                .addRow("1/4", 0.25).addRow("1/8", 0.125).addRow("1/16", 0.0625);
        Claim first = new Claim("order 1", SOURCE, TableCheck.logLogSlope("error", 0.85, 1.15));
        Verdict v = first.judge(order);
        assertEquals(Status.SUPPORTED, v.status());
        assertEquals("log-log slope of error over 3 rows: 1.000 (claimed range [0.85, 1.15])", v.numbers());
        ResultTable second = new ResultTable("Table 2", "errors", "dt", List.of(ResultTable.Column.lower("error", 6)))
                .addRow("1/4", 1.0 / 16).addRow("1/8", 1.0 / 64);
        assertEquals(Status.NOT_SUPPORTED, first.judge(second).status());
        ResultTable flat = new ResultTable("Memory", "MiB", "Steps", List.of(ResultTable.Column.lower("MiB", 3)))
                .addRow("1", 2.0).addRow("32", 2.0);
        assertEquals(Status.SUPPORTED, new Claim("flat", SOURCE, TableCheck.logLogSlope("MiB", -0.1, 0.1))
                .judge(flat).status());
        ResultTable broken = new ResultTable("Memory", "MiB", "Steps", List.of(ResultTable.Column.lower("MiB", 3)))
                .addRow("1", 2.0).addRow("32", Double.NaN);
        assertEquals(Status.INCONCLUSIVE, new Claim("flat", SOURCE, TableCheck.logLogSlope("MiB", -0.1, 0.1))
                .judge(broken).status());
    }

    private static ResultTable disks(double at16, double at15) {
        return new ResultTable("Figure 2", "hand-made", "Spacing", List.of(ResultTable.Column.higher("distinct", 0),
                ResultTable.Column.lower("false splits", 0)))
                .addRow("16 / transposed", at16, 0).addRow("15 / transposed", at15, 2);
    }

    @Test
    void withinHoldsWhenEveryChosenCellLiesInTheRangeBoundsIncluded() {
        Claim atMost = new Claim("at most 64", SOURCE, TableCheck.within(".*", "distinct", 0, 64));
        Verdict v = atMost.judge(disks(1, 64));
        assertEquals(Status.SUPPORTED, v.status());
        assertEquals("distinct: 16 / transposed 1.000, 15 / transposed 64.000 (claimed range [0, 64])", v.numbers());
        Verdict over = atMost.judge(disks(1, 65));
        assertEquals(Status.NOT_SUPPORTED, over.status());
        assertTrue(over.numbers().endsWith("(claimed range [0, 64]; outside: 15 / transposed / distinct)"),
                over.numbers());
        Claim reaches = new Claim("reaches 64", SOURCE, TableCheck.within("15 / .*", "distinct", 64,
                Double.POSITIVE_INFINITY));
        assertEquals(Status.SUPPORTED, reaches.judge(disks(1, 64)).status());
        assertEquals(Status.NOT_SUPPORTED, reaches.judge(disks(1, 48)).status());
        assertEquals("distinct: 15 / transposed 48.000 (claimed range [64, inf]; outside: 15 / transposed /"
                + " distinct)", reaches.judge(disks(1, 48)).numbers());
    }

    @Test
    void withinIsInconclusiveWithoutItsRowsColumnsOrValues() {
        assertEquals("no row matches '14 / .*'", new Claim("c", SOURCE, TableCheck.within("14 / .*", "distinct", 0,
                1)).judge(disks(1, 2)).numbers());
        assertEquals("no column matches 'Dice'", new Claim("c", SOURCE, TableCheck.within(".*", "Dice", 0, 1))
                .judge(disks(1, 2)).numbers());
        Verdict nan = new Claim("c", SOURCE, TableCheck.within(".*", "distinct", 0, 1)).judge(disks(Double.NaN, 2));
        assertEquals(Status.INCONCLUSIVE, nan.status());
        assertEquals("distinct: 16 / transposed has no value", nan.numbers());
        assertThrows(IllegalArgumentException.class, () -> TableCheck.within(".*", "distinct", 2, 1));
    }

    @Test
    void overSeedsWithinMustHoldOnEverySeed() {
        Claim one = new Claim("one disk", SOURCE, TableCheck.within("16 / .*", "distinct", 0, 1));
        assertEquals(Status.SUPPORTED, one.judge(List.of(disks(1, 9), disks(1, 7)), PairedTest.PAIRED_T, 0.05)
                .status());
        Verdict mixed = one.judge(List.of(disks(1, 9), disks(2, 7), disks(1, 8)), PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.NOT_SUPPORTED, mixed.status(), "the mean 1.33 lies outside [0, 1]");
        Verdict once = new Claim("at most 8", SOURCE, TableCheck.within("15 / .*", "distinct", 0, 8))
                .judge(List.of(disks(1, 9), disks(1, 7), disks(1, 7)), PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.INCONCLUSIVE, once.status());
        assertEquals("3 seeds, mean, holds on 2 of 3", once.basis());
    }

    @Test
    void overSeedsAComparisonIsSupportedOnlyWhenThePairedTestIsSignificant() {
        Claim claim = dbBest("cells Dice");
        // DB ahead of PLN by 0.02, 0.02, 0.025: scipy.stats.ttest_rel gives p = 0.00587
        List<ResultTable> consistent = List.of(table(0.81, 2, 0.79, 3), table(0.82, 2, 0.80, 3),
                table(0.815, 2, 0.79, 3));
        Verdict significant = claim.judge(consistent, PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.SUPPORTED, significant.status());
        assertEquals("3 seeds, mean; paired t-test, largest p = 0.00587 (DB / cells Dice vs PLN / cells Dice),"
                + " alpha 0.05", significant.basis());
        // ahead by 0.02, 0, 0.04: ahead on the mean, but p = 0.225
        List<ResultTable> inconsistent = List.of(table(0.81, 2, 0.79, 3), table(0.80, 2, 0.80, 3),
                table(0.82, 2, 0.78, 3));
        Verdict notSignificant = claim.judge(inconsistent, PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.INCONCLUSIVE, notSignificant.status());
        assertTrue(notSignificant.basis().contains("paired t-test, largest p = 0.225"), notSignificant.basis());
        assertEquals("cells Dice: DB 0.810 beats PLN 0.790", notSignificant.numbers());
        Verdict worse = new Claim("PLN is best", SOURCE, TableCheck.best("PLN", "cells Dice", List.of()))
                .judge(inconsistent, PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.NOT_SUPPORTED, worse.status());
        assertEquals("cells Dice: PLN 0.790 trails DB 0.810", worse.numbers());
    }

    @Test
    void overSeedsABoundMustHoldOnEverySeed() {
        ResultTable holds = new ResultTable("T", "c", "dt", List.of(ResultTable.Column.lower("e", 3)))
                .addRow("1/4", 0.25).addRow("1/8", 0.125);
        ResultTable fails = new ResultTable("T", "c", "dt", List.of(ResultTable.Column.lower("e", 3)))
                .addRow("1/4", 0.25).addRow("1/8", 0.15);
        Claim order = new Claim("order 1", SOURCE, TableCheck.logLogSlope("e", 0.85, 1.15));
        assertEquals(Status.SUPPORTED, order.judge(List.of(holds, holds), PairedTest.PAIRED_T, 0.05).status());
        Verdict mixed = order.judge(List.of(holds, fails, holds), PairedTest.PAIRED_T, 0.05);
        assertEquals(Status.INCONCLUSIVE, mixed.status());
        assertEquals("3 seeds, mean, holds on 2 of 3", mixed.basis());
    }

    @Test
    void theClaimsSectionListsEveryVerdictAndIsAbsentWithoutClaims() {
        ResultTable t = table(0.81, 2.0, 0.79, 3.0).addClaim(dbBest("cells Dice"))
                .addClaim(new Claim("PLN beats DB", SOURCE, TableCheck.better("PLN", "DB", "cells Dice")));
        assertEquals("## Claims\n\n"
                + "- **supported** (one seed): DB is best (Paper, Table 1). cells Dice: DB 0.810 beats PLN 0.790.\n"
                + "- **not supported** (one seed): PLN beats DB (Paper, Table 1). cells Dice: PLN 0.790 trails DB"
                + " 0.810.\n", ResultTable.claimsSection(List.of(t)));
        assertEquals("", ResultTable.claimsSection(List.of(table(0.81, 2.0, 0.79, 3.0))));
    }

    @Test
    void claimsSurviveTheTablesJsonFileWithTheirChecks(@TempDir Path tmp) throws IOException {
        ResultTable t = table(0.81, 2.0, 0.79, 3.0).addClaim(dbBest("cells Dice"))
                .addClaim(new Claim("DB beats FO", SOURCE, TableCheck.best("DB", ".*", List.of("FO"))))
                .addClaim(new Claim("PLN beats DB", SOURCE, TableCheck.better("PLN", "DB", "cells Dice")))
                .addClaim(new Claim("flat", SOURCE, TableCheck.logLogSlope("cells AHD", -0.1, 0.1)))
                .addClaim(new Claim("Dice above 0.5", SOURCE, TableCheck.within("DB|PLN", "cells Dice", 0.5,
                        Double.POSITIVE_INFINITY)));
        Path file = tmp.resolve("results.json");
        ResultTables.write(file, List.of(t));
        ResultTable read = ResultTables.read(file).get(0);
        assertEquals(t.claims(), read.claims());
        assertEquals(t.verdicts(), read.verdicts());

        Files.writeString(file, Files.readString(file).replace("\"LogLogSlope\"", "\"Wiggle\""));
        IOException unknown = assertThrows(IOException.class, () -> ResultTables.read(file));
        assertTrue(unknown.getMessage().contains("check of unknown kind 'Wiggle'; the kinds are [Best, Better,"
                + " LogLogSlope, Within]"), unknown.getMessage());
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> new Claim(" ", SOURCE, TableCheck.best("DB", ".*",
                List.of())));
        assertThrows(IllegalArgumentException.class, () -> new Claim("DB is best", SOURCE, null));
        assertThrows(IllegalArgumentException.class, () -> dbBest(".*").judge(List.of(), PairedTest.PAIRED_T, 0.05));
        List<ResultTable> two = List.of(table(1, 1, 1, 1), table(1, 1, 1, 1).addRow("extra", 1, 1));
        var error = assertThrows(IllegalArgumentException.class,
                () -> dbBest(".*").judge(two, PairedTest.PAIRED_T, 0.05));
        assertTrue(error.getMessage().contains("same rows and columns"), error.getMessage());
    }
}
