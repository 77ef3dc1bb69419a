package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.ResultTables;

/**
 * An experiment's table printed over seeds keeps its layout, shows mean ± sd and the intervals, and bolds a best
 * value only when the paired test over the seeds says it is significantly better than the runner-up.
 */
class SpreadTableTest {
    /** Per seed: DB's Dice, PLN's Dice (DB better on every seed), and an AHD where the two are indistinguishable. */
    private static final double[][] SEEDS = {{0.912, 0.897, 2.1, 2.0}, {0.905, 0.901, 1.9, 2.2},
        {0.921, 0.903, 2.3, 2.1}, {0.899, 0.894, 2.0, 1.9}, {0.915, 0.906, 2.2, 2.3}};

    private static ResultTable table(double[] seed) {
        return new ResultTable("Table 3", "Blocks compared.", "Block Type",
                List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.lower("AHD", 2)))
                .addRow("PLN", seed[1], seed[3]).addRow("DB", seed[0], seed[2]);
    }

    @Test
    void theBestIsBoldOnlyWhereSignificantlyBetterAndTheTestIsNamed() {
        SpreadTable spread = new SpreadTable(table(SEEDS[0]));
        for (int s = 0; s < SEEDS.length; s++) {
            spread.add(null, 7 + s, table(SEEDS[s]));
        }
        String markdown = spread.toMarkdown();
        assertTrue(markdown.startsWith("**Table 3.** Blocks compared. Mean ± standard deviation over seeds"), markdown);
        assertTrue(markdown.contains("| Block Type | Dice ↑ | AHD ↓ |"), markdown);
        // numpy.mean / numpy.std(ddof=1) of DB's Dice: 0.9104, 0.00859; PLN's AHD: 2.1, 0.158
        assertTrue(markdown.contains("| DB | **0.910 ± 0.009** | 2.10 ± 0.16 |"), markdown);
        assertTrue(markdown.contains("| PLN | 0.900 ± 0.005 | 2.10 ± 0.16 |"), markdown);
        assertTrue(markdown.contains("Dice ↑: DB better than PLN (paired t-test, p = 0.02057 < 0.05)"), markdown);
        assertTrue(markdown.contains("AHD ↓: ") && markdown.contains("not significantly better"), markdown);
        assertTrue(markdown.contains("| DB | [0.900, 0.921] |"), markdown);
    }

    @Test
    void configurationsPrefixTheRowsAndMissingSeedsAreCounted() {
        SpreadTable spread = new SpreadTable(table(SEEDS[0]));
        spread.add("lr=0.01", 7, table(SEEDS[0]));
        spread.add("lr=0.01", 8, table(SEEDS[1]));
        spread.add("lr=0.001", 7, table(SEEDS[2]));
        String markdown = spread.toMarkdown();
        assertTrue(markdown.contains("| lr=0.01 · DB | 0.909 ± 0.005 |"), markdown);
        assertTrue(markdown.contains("| lr=0.001 · DB | 0.921 ± n/a (n = 1) |"), markdown);
    }

    @Test
    void tablesSurviveTheirJsonFile(@TempDir Path tmp) throws Exception {
        ResultTable original = table(SEEDS[0]).addRow("FO", Double.NaN, 3.5);
        ResultTables.write(tmp.resolve("results.json"), List.of(original));
        ResultTable read = ResultTables.read(tmp.resolve("results.json")).get(0);
        assertEquals(original.toMarkdown(), read.toMarkdown());
    }
}
