package org.unet4j.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The statistics of the sweep tables agree with SciPy 1.17.1 on fixed samples. Every expected value below was
 * computed once with the SciPy call named beside it and written here as a literal.
 */
class SeedStatisticsTest {
    private static final double[] A = {0.912, 0.905, 0.921, 0.899, 0.915};
    private static final double[] B = {0.897, 0.901, 0.903, 0.894, 0.906};
    /** Eight seeds whose differences have no ties and no zeros: SciPy's exact Wilcoxon applies. */
    private static final double[] X = {0.81, 0.84, 0.79, 0.88, 0.83, 0.86, 0.80, 0.85};
    private static final double[] Y = {0.78, 0.835, 0.802, 0.84, 0.806, 0.822, 0.773, 0.861};
    private static final double[] U = {0.90, 0.91, 0.92, 0.905, 0.915, 0.93};
    private static final double[] V = {0.881, 0.897, 0.903, 0.901, 0.899, 0.914};

    @Test
    void meanSdAndStudentIntervalMatchScipy() {
        SeedSummary s = SeedSummary.of(A);
        assertEquals(5, s.n());
        assertEquals(0.9104000000000001, s.mean(), 1e-15);                  // numpy.mean(A)
        assertEquals(0.00859069263796582, s.sd(), 1e-15);                   // numpy.std(A, ddof=1)
        // scipy.stats.t.interval(0.95, 4, loc=numpy.mean(A), scale=scipy.stats.sem(A))
        assertEquals(0.8997332462318038, s.ciLow(), 1e-12);
        assertEquals(0.9210667537681964, s.ciHigh(), 1e-12);
        assertEquals("0.9104 ± 0.0086 (n = 5, 95 % CI [0.8997, 0.9211])", s.toString());
    }

    @Test
    void studentQuantilesMatchScipy() {
        assertEquals(12.706204736174694, SeedSummary.tQuantile(1), 1e-9);  // scipy.stats.t.ppf(0.975, 1)
        assertEquals(2.7764451051977934, SeedSummary.tQuantile(4), 1e-9);  // scipy.stats.t.ppf(0.975, 4)
        assertEquals(2.262157162798205, SeedSummary.tQuantile(9), 1e-9);   // scipy.stats.t.ppf(0.975, 9)
    }

    @Test
    void oneSeedHasNoSpreadRatherThanZeroSpread() {
        SeedSummary s = SeedSummary.of(0.5);
        assertTrue(Double.isNaN(s.sd()) && Double.isNaN(s.ciLow()) && Double.isNaN(s.ciHigh()));
        assertEquals("0.5000 ± n/a", s.meanSd(4));
    }

    @Test
    void nonFiniteOrMissingValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of());
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(0.1, Double.NaN));
    }

    @Test
    void pairedTTestMatchesScipy() {
        assertEquals(0.020570852331587716, PairedTest.PAIRED_T.pValue(A, B), 1e-12);  // scipy.stats.ttest_rel(A, B)
        assertEquals(0.048403138281429225, PairedTest.PAIRED_T.pValue(X, Y), 1e-12);  // scipy.stats.ttest_rel(X, Y)
        assertEquals(0.0012934002370655936, PairedTest.PAIRED_T.pValue(U, V), 1e-12); // scipy.stats.ttest_rel(U, V)
    }

    @Test
    void exactWilcoxonMatchesScipy() {
        assertEquals(0.078125, PairedTest.WILCOXON.pValue(X, Y), 1e-12);  // scipy.stats.wilcoxon(X, Y) (exact)
        assertEquals(0.03125, PairedTest.WILCOXON.pValue(U, V), 1e-12);   // scipy.stats.wilcoxon(U, V) (exact)
    }

    @Test
    void identicalSamplesShowNoDifference() {
        assertEquals(1, PairedTest.PAIRED_T.pValue(A, A.clone()));
        assertEquals(1, PairedTest.WILCOXON.pValue(X, X.clone()));
    }

    @Test
    void theTestIsWilcoxonFromSixSeedsOn() {
        assertEquals(PairedTest.PAIRED_T, PairedTest.forSeeds(5));
        assertEquals(PairedTest.WILCOXON, PairedTest.forSeeds(6));
    }

    @Test
    void fiveSeedsDecideByPairedTAndFindTheBestSignificant() {
        SignificantBest decision = SignificantBest.decide(samples("PLN", B, "DB", A), true, SignificantBest.ALPHA);
        assertEquals("DB", decision.best());
        assertEquals("PLN", decision.runnerUp());
        assertEquals(PairedTest.PAIRED_T, decision.test());
        assertTrue(decision.significant(), decision::toString);
        assertEquals("DB better than PLN (paired t-test, p = 0.02057 < 0.05)", decision.toString());
    }

    @Test
    void eightSeedsDecideByWilcoxonWhichIsNotSignificantWhereTheTTestWouldBe() {
        SignificantBest decision = SignificantBest.decide(samples("x", X, "y", Y), true, SignificantBest.ALPHA);
        assertEquals(PairedTest.WILCOXON, decision.test());
        assertEquals(0.078125, decision.pValue(), 1e-12);
        assertFalse(decision.significant());
    }

    @Test
    void lowerIsBetterPicksTheSmallestMean() {
        SignificantBest decision = SignificantBest.decide(samples("u", U, "v", V), false, SignificantBest.ALPHA);
        assertEquals("v", decision.best());
        assertTrue(decision.significant());
    }

    @Test
    void unpairedSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> SignificantBest.decide(samples("a", A, "x", X), true, SignificantBest.ALPHA));
    }

    private static Map<String, double[]> samples(String first, double[] a, String second, double[] b) {
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put(first, a);
        samples.put(second, b);
        return samples;
    }
}
