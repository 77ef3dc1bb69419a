package org.unet4j.layers.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;

class DiscriminativeLossTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 2, 3, 4, 5);
        Tensor labels = Tensor.wrap(labelsOf(2, 20, 3, 5), 2, 1, 4, 5);
        DiscriminativeLoss loss = new DiscriminativeLoss(0.2, 0.5, 1, 1, 0.1);
        GradCheck.assertGradients(in -> loss.compute(in[0], labels), x);
        GradCheck.assertGradients(in -> DiscriminativeLoss.paper().compute(in[0], labels), x);
    }

    @Test
    void wellSeparatedTightClustersCostOnlyTheRegulariser() {
        double[] e = new double[2 * 4];
        double[] lab = {0, 0, 1, 1};
        double[][] centres = {{0, 0}, {7, 0}};
        for (int i = 0; i < 4; i++) {
            e[i] = centres[(int) lab[i]][0];
            e[4 + i] = centres[(int) lab[i]][1];
        }
        Tensor x = Tensor.wrap(e, 1, 2, 2, 2);
        Tensor value = DiscriminativeLoss.paper().compute(x, Tensor.wrap(lab, 1, 2, 2));
        assertEquals(1e-4 * (0 + 7) / 2, value.item(), 1e-9);
    }

    @Test
    void termsHaveTheirTextbookValues() {
        // one instance {0, 2} (mean 1), the other {10} : pull = 1/2 * (1/2)(1 + 1) = 0.5 with delta_v = 0
        // push: |mu_a - mu_b| = 9, margin 2 * 5 = 10 -> (10 - 9)^2 = 1 for each ordered pair, mean 1
        Tensor x = Tensor.wrap(new double[] {0, 2, 10}, 1, 1, 1, 3);
        Tensor labels = Tensor.wrap(new double[] {4, 4, 9}, 1, 1, 1, 3);
        DiscriminativeLoss loss = new DiscriminativeLoss(0, 5, 1, 1, 0);
        assertEquals(0.5 + 1, loss.compute(x, labels).item(), 1e-9);
        DiscriminativeLoss reg = new DiscriminativeLoss(0, 5, 0, 0, 1);
        assertEquals((1 + 10) / 2.0, reg.compute(x, labels).item(), 1e-9);
    }

    @Test
    void invalidSettingsAndShapesFail() {
        assertThrows(IllegalArgumentException.class, () -> new DiscriminativeLoss(-1, 3, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DiscriminativeLoss(0, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DiscriminativeLoss.paper()
                .compute(Tensor.zeros(DType.FLOAT64, 1, 3, 2, 2), Tensor.zeros(DType.FLOAT64, 1, 1, 2, 3)));
    }

    private static double[] labelsOf(int n, int pixels, int instances, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] l = new double[n * pixels];
        for (int i = 0; i < l.length; i++) {
            l[i] = i % pixels < instances ? i % pixels : rng.nextInt(instances);
        }
        return l;
    }
}
