package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectScoresTest {
    /** Instance ids from rows of digits, '.' the background. */
    private static int[] ids(String... rows) {
        int w = rows[0].length();
        int[] out = new int[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                char c = rows[y].charAt(x);
                out[y * w + x] = c == '.' ? 0 : c - '0';
            }
        }
        return out;
    }

    @Test
    void onePredictedComponentOverTwoTouchingInstancesIsOneMerge() {
        int[] truth = ids(
                "......",
                ".1122.",
                ".1122.",
                "......");
        BinaryMask prediction = BinaryMask.parse(
                "......",
                ".####.",
                ".####.",
                "......");
        ObjectScores s = ObjectScores.of(prediction, truth);
        assertEquals(new ObjectScores(2, 2, s.ahdSum(), 0, 1), s);
        assertEquals(0, InstanceErrors.of(prediction, BinaryMask.parse("......", ".####.", ".####.", "......"))
                .falseMerges(), "the components of the binary truth see one object: no merge without the ids");
    }

    @Test
    void oneInstanceCoveredByTwoComponentsIsOneSplit() {
        int[] truth = ids(
                ".......",
                ".11111.",
                ".11111.",
                ".......");
        BinaryMask prediction = BinaryMask.parse(
                ".......",
                ".##.##.",
                ".##.##.",
                ".......");
        ObjectScores s = ObjectScores.of(prediction, truth);
        assertEquals(1, s.splits());
        assertEquals(0, s.merges());
        assertEquals(1, s.matched());
    }

    @Test
    void aPerfectPredictionHasObjectAhdZeroAndAMissedObjectIsUnmatchedNotAveraged() {
        int[] truth = ids(
                "........",
                ".11..22.",
                ".11..22.",
                "........");
        BinaryMask onlyFirst = BinaryMask.parse(
                "........",
                ".##.....",
                ".##.....",
                "........");
        ObjectScores s = ObjectScores.of(onlyFirst, truth);
        assertEquals(2, s.objects());
        assertEquals(1, s.unmatched());
        assertEquals(0, s.meanObjectAhd(), 0);
    }

    @Test
    void theObjectAhdIsTheMeanOverMatchedPairsOfAllImages() {
        int[] truth = ids(
                ".....",
                ".111.",
                ".111.",
                ".....");
        BinaryMask exact = BinaryMask.parse(".....", ".###.", ".###.", ".....");
        BinaryMask shifted = BinaryMask.parse(".....", "..###", "..###", ".....");
        ObjectScores a = ObjectScores.of(exact, truth);
        ObjectScores b = ObjectScores.of(shifted, truth);
        double shiftedAhd = HausdorffDistance.average(shifted, exact);
        assertTrue(shiftedAhd > 0);
        assertEquals(shiftedAhd / 2, a.plus(b).meanObjectAhd(), 1e-12);
        assertTrue(Double.isNaN(ObjectScores.of(BinaryMask.parse("...", "..."), ids("...", ".1.")).meanObjectAhd()),
                "no match: nothing to average");
    }
}
