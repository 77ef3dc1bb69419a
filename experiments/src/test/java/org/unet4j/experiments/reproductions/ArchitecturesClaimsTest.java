package org.unet4j.experiments.reproductions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.Verdict;

/** The claims of Tables 6 and 9 and of Section 5's cost comparison, judged on hand-made tables and on the counts. */
class ArchitecturesClaimsTest {
    private static final List<String> TECHNIQUES = List.of("Attn. U-Net — Attn. Gates", "DynU-Net — Heuristic-R + Opt",
            "U2Net — Nested U-Nets", "UNeXt — Tokenised MLP", "TransUnet — Transformers", ArchitecturesExperiment.OURS);

    /** A Tables 6/9 layout over two datasets with the given Dice per row (accuracy and AHD filler). */
    private static ResultTable dice(double[][] perRow) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (String d : List.of("cells", "lesions")) {
            columns.addAll(List.of(ResultTable.Column.higher(d + " Dice", 4), ResultTable.Column.higher(d + " Acc", 4),
                    ResultTable.Column.lower(d + " AHD", 2)));
        }
        ResultTable t = new ResultTable("Tables 6 and 9", "hand-made", "Technique — Mechanism", columns);
        for (int r = 0; r < TECHNIQUES.size(); r++) {
            t.addRow(TECHNIQUES.get(r), new double[] {perRow[r][0], 0.9, 3, perRow[r][1], 0.9, 3});
        }
        return t;
    }

    private static Verdict.Status highestDice(double[][] perRow) {
        return ArchitecturesExperiment.CLAIMS.get(0).judge(dice(perRow)).status();
    }

    @Test
    void theHighestDiceClaimHoldsOnlyWhenOursLeadsOnEveryDataset() {
        double[][] leads = {{0.8, 0.7}, {0.8, 0.7}, {0.5, 0.5}, {0.6, 0.6}, {0.85, 0.75}, {0.9, 0.8}};
        assertEquals(Verdict.Status.SUPPORTED, highestDice(leads));
        double[][] trailsOnOne = {{0.8, 0.7}, {0.8, 0.7}, {0.5, 0.5}, {0.6, 0.6}, {0.85, 0.85}, {0.9, 0.8}};
        assertEquals(Verdict.Status.NOT_SUPPORTED, highestDice(trailsOnOne));
        double[][] ties = {{0.8, 0.7}, {0.8, 0.7}, {0.5, 0.5}, {0.6, 0.6}, {0.9, 0.8}, {0.9, 0.8}};
        assertEquals(Verdict.Status.SUPPORTED, highestDice(ties));
        double[][] missing = {{0.8, 0.7}, {0.8, 0.7}, {0.5, 0.5}, {0.6, 0.6}, {0.85, Double.NaN}, {0.9, 0.8}};
        assertEquals(Verdict.Status.INCONCLUSIVE, highestDice(missing));
    }

    @Test
    void theCostClaimIsJudgedOnMultiplyAddsCountedAtThePapersSizes() {
        ResultTable costs = ArchitecturesExperiment.paperCosts().addClaims(ArchitecturesExperiment.CLAIMS
                .subList(1, 3));
        // UNeXt as published at 256 x 256: 562,003,968 multiply-adds (UNeXtTest), the paper's "0.57"
        double unext = costs.value(ArchitecturesExperiment.UNEXT_AT_256, ArchitecturesExperiment.GMACS);
        assertEquals(0.562003968, unext, 1e-12);
        // TransUNet within half a percent of the paper's 38.52: that figure, too, counts multiply-adds
        double transUNet = costs.value(ArchitecturesExperiment.TRANSUNET_AT_256, ArchitecturesExperiment.GMACS);
        assertEquals(38.52, transUNet, 0.005 * 38.52);
        double at256 = costs.value(ArchitecturesExperiment.OURS_AT_256, ArchitecturesExperiment.GMACS);
        double at512 = costs.value(ArchitecturesExperiment.OURS_AT_ISIC, ArchitecturesExperiment.GMACS);
        assertEquals(4 * at256, at512, 1e-9 * at512);          // every op scales with the pixels
        assertEquals(2 * at256, costs.value(ArchitecturesExperiment.OURS_AT_256, "GFLOPs"), 1e-12);
        List<Verdict> verdicts = costs.verdicts();
        assertEquals(at256 <= unext ? Verdict.Status.SUPPORTED : Verdict.Status.NOT_SUPPORTED,
                verdicts.get(0).status());
        assertEquals(at512 <= unext ? Verdict.Status.SUPPORTED : Verdict.Status.NOT_SUPPORTED,
                verdicts.get(1).status());
    }
}
