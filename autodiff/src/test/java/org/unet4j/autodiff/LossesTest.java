package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.TensorArbitraries.SmallShapes;

/** Each loss on tiny inputs worked out by hand, its gradients by finite differences, and its failure messages. */
class LossesTest {

    /** Hand-worked float64 values: host tensors, as float64 is computed on the host only. */
    private static Tensor of(double[] values, int... dims) {
        return Tensor.wrap(values.clone(), dims);
    }

    /** Shapes [2, ...] of rank 2..4 with sizes up to 3, for the per-sample losses. */
    @Provide
    Arbitrary<int[]> batches() {
        return TensorArbitraries.shapes(1, 3, 3).map(LossesTest::batched);
    }

    /** The shape with a batch axis of 2 in front. */
    private static int[] batched(int[] dims) {
        int[] d = new int[dims.length + 1];
        d[0] = 2;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return d;
    }

    /** Logits [2, 3, spatial...]: a batch of 2 over 3 classes. */
    private static int[] logitShape(int[] spatial) {
        int[] dims = new int[spatial.length + 2];
        dims[0] = 2;
        dims[1] = 3;
        System.arraycopy(spatial, 0, dims, 2, spatial.length);
        return dims;
    }

    // ---------------------------------------------------------------- binary cross-entropy

    @Example
    void bceWithLogitsAveragesSoftplusMinusLogitTimesTarget() {
        Tensor logits = of(new double[] {0, 2, -1}, 3);
        Tensor targets = of(new double[] {1, 0, 0.5}, 3);
        double expected = (Math.log(2) + Math.log(1 + Math.exp(2)) + Math.log(1 + Math.exp(-1)) + 0.5) / 3;
        assertEquals(1.2111122930403804, expected, 1e-15);
        assertEquals(expected, Losses.bceWithLogits(logits, targets).item(), 1e-14);
    }

    @Property(tries = 30)
    void bceWithLogitsEqualsTheNaiveFormulaOnModerateLogits(@ForAll(supplier = SmallShapes.class) int[] dims,
            @ForAll long seed) {
        Tensor logits = TensorArbitraries.uniform(seed, DType.FLOAT64, -8, 8, dims);
        Tensor targets = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, 0, 1, dims);
        double naive = 0;
        for (int i = 0; i < logits.size(); i++) {
            double p = 1 / (1 + Math.exp(-logits.flatGet(i)));
            double y = targets.flatGet(i);
            naive -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
        }
        assertEquals(naive / logits.size(), Losses.bceWithLogits(logits, targets).item(), 1e-12);
    }

    @Example
    void bceWithLogitsStaysFiniteAndExactAtPlusMinusOneHundred() {
        for (DType dtype : DType.values()) {
            Tensor logits = of(new double[] {100, -100, 100, -100}, 4).to(dtype).requiresGrad(true);
            Tensor targets = of(new double[] {0, 1, 1, 0}, 4).to(dtype);
            Tensor loss = Losses.bceWithLogits(logits, targets);
            assertEquals(50, loss.item(), 1e-4, dtype + " loss");
            loss.backward();
            assertArrayEquals(new double[] {0.25, -0.25, 0, 0}, logits.grad().toDoubleArray(), 1e-7,
                    dtype + " gradient (sigmoid(x) - y) / n");
        }
    }

    @Example
    void positiveWeightScalesOnlyTheForegroundTerm() {
        Tensor logits = of(new double[] {0, 1.5}, 2);
        Tensor targets = of(new double[] {1, 0}, 2);
        double expected = (3 * Math.log(2) + Math.log(1 + Math.exp(1.5))) / 2;
        assertEquals(expected, Losses.bceWithLogits(logits, targets, 3).item(), 1e-14);
        assertEquals(Losses.bceWithLogits(logits, targets).item(), Losses.bceWithLogits(logits, targets, 1).item(),
                1e-15);
        assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(logits, targets, -1));
    }

    @Property(tries = 20)
    void bceGradientsMatchFiniteDifferences(@ForAll(supplier = SmallShapes.class) int[] dims, @ForAll long seed) {
        Tensor logits = TensorArbitraries.uniform(seed, DType.FLOAT64, -4, 4, dims);
        Tensor targets = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, 0, 1, dims);
        GradCheck.assertGradients(in -> Losses.bceWithLogits(in[0], in[1]), logits, targets);
        GradCheck.assertGradients(in -> Losses.bceWithLogits(in[0], in[1], 2.5), logits, targets);
    }

    // ---------------------------------------------------------------- Dice

    @Example
    void diceIsComputedPerSampleAndAveragedOverTheBatch() {
        Tensor p = of(new double[] {1, 0, 0.5, 0.5, 0, 0, 0, 0}, 2, 1, 2, 2);
        Tensor y = of(new double[] {1, 0, 1, 0, 0, 0, 0, 0}, 2, 1, 2, 2);
        // sample 0: 1 - 2 * 1.5 / (2 + 2) = 0.25; sample 1 has an empty prediction on an empty mask: 0
        assertEquals(0.125, Losses.dice(p, y).item(), 1e-6);
    }

    @Example
    void diceOfAPredictionOnAnEmptyMaskIsOneAndOfAPerfectPredictionZero() {
        Tensor p = of(new double[] {0.5, 0.5}, 1, 2);
        assertEquals(1, Losses.dice(p, TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, 1, 2))).item(), 1e-5);
        Tensor mask = of(new double[] {1, 0, 1, 1}, 2, 2);
        assertEquals(0, Losses.dice(mask, mask).item(), 1e-6);
        assertEquals(0, Losses.dice(Tensor.zeros(3, 4, 4), Tensor.zeros(3, 4, 4)).item());
    }

    @Property(tries = 20)
    void diceGradientsMatchFiniteDifferences(@ForAll("batches") int[] dims, @ForAll long seed) {
        Tensor p = TensorArbitraries.uniform(seed, DType.FLOAT64, 0.05, 0.95, dims);
        Tensor y = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, 0, 1, dims);
        GradCheck.assertGradients(in -> Losses.dice(in[0], in[1]), p, y);
    }

    // ---------------------------------------------------------------- Focal Dice

    @Example
    void focalTransformMapsTheThresholdToOneHalfAndSaturatesOutsideTheWindow() {
        Tensor x = of(new double[] {0, 0.25, 0.5, 0.75, 1}, 5);
        assertArrayEquals(new double[] {0, 0.1, 0.5, 0.9, 1}, Losses.focalTransform(x, 0.5, 2).toDoubleArray(),
                1e-15);
        Tensor y = of(new double[] {0, 0.3, 0.55, 0.8, 0.9}, 5);
        assertArrayEquals(new double[] {0.015384615384615384, 0.5, 0.9642857142857143, 1, 1},
                Losses.focalTransform(y, 0.3, 3).toDoubleArray(), 1e-15);
        assertArrayEquals(x.toDoubleArray(), Losses.focalTransform(x, 0.5, 1).toDoubleArray(), 1e-15);
    }

    @Example
    void focalDiceFollowsEquationTwentyEightOfTheSoftCutThesis() {
        Tensor p = of(new double[] {0.75, 0.25, 1, 0, 0.5, 0.5, 0.5, 0.5}, 2, 1, 2, 2);
        Tensor y = of(new double[] {1, 0, 1, 0, 1, 1, 0, 0}, 2, 1, 2, 2);
        // sample 0: S = [0.9, 0.1, 1, 0], 1 - 2 * 1.9 / (1.82 + 2); sample 1: S = 0.5 everywhere, 1 - 2 / (1 + 2)
        double expected = ((1 - 3.8 / 3.82) + (1 - 2 / 3.0)) / 2;
        assertEquals(expected, Losses.focalDice(p, y).item(), 1e-6);
        assertEquals(Losses.focalDice(p, y).item(), Losses.focalDice(p, y, 0.5, 2).item());
    }

    @Example
    void focalDiceChargesCorrectButUncertainPredictionsLessThanSquaredDice() {
        Tensor p = of(new double[] {0.75, 0.25, 1, 0}, 1, 4);
        Tensor y = of(new double[] {1, 0, 1, 0}, 1, 4);
        double squaredDice = 1 - 2 * 1.75 / (1.625 + 2);
        assertEquals(squaredDice, Losses.focalDice(p, y, 0.5, 1).item(), 1e-7, "gamma = 1 is the Dice of eq. (7)");
        assertEquals(1 - 3.8 / 3.82, Losses.focalDice(p, y).item(), 1e-8);
        assertTrue(Losses.focalDice(p, y).item() < squaredDice);
    }

    @Example
    void focalDiceOfAnEmptyPredictionOnAnEmptyMaskIsZero() {
        Tensor zeros = TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, 2, 1, 3, 3));
        assertEquals(0, Losses.focalDice(zeros, zeros).item());
    }

    @Property(tries = 20)
    void focalDiceGradientsMatchFiniteDifferences(@ForAll("batches") int[] dims, @ForAll long seed) {
        Tensor p = TensorArbitraries.uniform(seed, DType.FLOAT64, 0.05, 0.85, dims);
        Tensor y = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, 0, 1, dims);
        GradCheck.assertGradients(in -> Losses.focalDice(in[0], in[1]), p, y);
        GradCheck.assertGradients(in -> Losses.focalDice(in[0], y, 0.4, 3), p);
    }

    @Example
    void focalDiceRejectsThresholdsAndExponentsOutsideTheirRange() {
        Tensor p = Tensor.zeros(1, 2);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Losses.focalDice(p, p, 1, 2));
        assertTrue(t.getMessage().contains("threshold"), t.getMessage());
        IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class,
                () -> Losses.focalDice(p, p, 0.5, 0));
        assertTrue(gamma.getMessage().contains("gamma"), gamma.getMessage());
    }

    // ---------------------------------------------------------------- cross-entropy

    @Example
    void crossEntropyIsTheMeanNegativeLogLikelihoodOfTheTargetClass() {
        Tensor logits = of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
        Tensor classes = of(new double[] {2, 0}, 2);
        double expected = (Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 3 + Math.log(3)) / 2;
        assertEquals(0.753109126556245, expected, 1e-15);
        assertEquals(expected, Losses.crossEntropy(logits, classes).item(), 1e-14);
    }

    @Example
    void crossEntropyAveragesOverSpatialPositions() {
        Tensor logits = of(new double[] {0, 1, 1, 0}, 1, 2, 2);
        Tensor classes = of(new double[] {1, 1}, 1, 2);
        double expected = (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.E)) / 2;
        assertEquals(expected, Losses.crossEntropy(logits, classes).item(), 1e-14);
    }

    @Property(tries = 20)
    void crossEntropyGradientIsSoftmaxMinusOneHotOverTheCount(@ForAll(supplier = SmallShapes.class) int[] spatial,
            @ForAll long seed) {
        int[] dims = logitShape(spatial);
        Tensor logits = TensorArbitraries.uniform(seed, DType.FLOAT64, -3, 3, dims).requiresGrad(true);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        Tensor classes = TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, batched(spatial)));
        Tensor oneHot = TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, dims));
        int positions = LoopReference.size(spatial);
        for (int i = 0; i < classes.size(); i++) {
            int c = rng.nextInt(3);
            classes.flatSet(i, c);
            oneHot.flatSet(((i / positions) * 3 + c) * positions + i % positions, 1);
        }
        Losses.crossEntropy(logits, classes).backward();
        Tensor expected = logits.detach().softmax(1).sub(oneHot).div(classes.size());
        LoopReference.assertValues(expected.toDoubleArray(), logits.grad(), 1e-12, "d crossEntropy / d logits");
        assertEquals(Losses.crossEntropy(logits, classes).item(), Losses.softCrossEntropy(logits, oneHot).item(),
                1e-12, "soft targets that are one-hot give the same loss");
        GradCheck.assertGradients(in -> Losses.crossEntropy(in[0], classes), logits.detach());
    }

    @Property(tries = 20)
    void softCrossEntropyGradientsMatchFiniteDifferences(@ForAll(supplier = SmallShapes.class) int[] spatial,
            @ForAll long seed) {
        int[] dims = logitShape(spatial);
        Tensor logits = TensorArbitraries.uniform(seed, DType.FLOAT64, -3, 3, dims);
        Tensor targets = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -3, 3, dims).softmax(1);
        GradCheck.assertGradients(in -> Losses.softCrossEntropy(in[0], in[1]), logits, targets);
    }

    @Example
    void crossEntropyRejectsClassIndicesOutOfRangeOrNotIntegers() {
        Tensor logits = Tensor.zeros(2, 3);
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.of(new float[] {0, 3}, 2)));
        assertTrue(tooLarge.getMessage().contains("3.0") && tooLarge.getMessage().contains("[1]")
                && tooLarge.getMessage().contains("0..2"), tooLarge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.of(new float[] {-1, 0},
                2)));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.of(new float[] {0.5f,
                0}, 2)));
    }

    @Example
    void lossesRejectMismatchedShapesNamingBoth() {
        ShapeException ce = assertThrows(ShapeException.class,
                () -> Losses.crossEntropy(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3)));
        assertTrue(ce.getMessage().contains("[2, 3, 4]") && ce.getMessage().contains("[2, 3]")
                && ce.getMessage().contains("[2, 4]"), ce.getMessage());
        ShapeException soft = assertThrows(ShapeException.class,
                () -> Losses.softCrossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(soft.getMessage().contains("softCrossEntropy"), soft.getMessage());
        ShapeException bce = assertThrows(ShapeException.class,
                () -> Losses.bceWithLogits(Tensor.zeros(2, 3), Tensor.zeros(3)));
        assertTrue(bce.getMessage().contains("bceWithLogits") && bce.getMessage().contains("[2, 3]")
                && bce.getMessage().contains("[3]"), bce.getMessage());
        ShapeException dice = assertThrows(ShapeException.class, () -> Losses.dice(Tensor.zeros(4), Tensor.zeros(4)));
        assertTrue(dice.getMessage().contains("dice") && dice.getMessage().contains("rank"), dice.getMessage());
    }
}
