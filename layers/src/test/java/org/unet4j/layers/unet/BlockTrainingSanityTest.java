package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.optim.Adam;

/**
 * Training sanity (issue 4): each block type, in a 3-level U-Net with tiny filters, overfits 4 synthetic 32x32
 * images (noisy discs and squares against their masks): the BCE loss falls 10x within a bounded number of Adam
 * steps.
 */
class BlockTrainingSanityTest {
    private static final int SIZE = 32;
    private static final int MAX_STEPS = 150;

    static Stream<Arguments> blocks() {
        return Stream.of(Arguments.of("PLN", Block.plain()), Arguments.of("RSE", Block.residual()),
                Arguments.of("DSE", Block.dense(2, 2, true)), Arguments.of("INC", Block.inception()),
                Arguments.of("PSP", Block.pyramidPooling()), Arguments.of("FO", Block.firstOrder("euler", 2)),
                Arguments.of("DB", Block.dynamic("rk4", 1)), Arguments.of("DB-ref", Block.referenceDynamic("rk4", 1)));
    }

    /**
     * Four images: a disc or square of random centre and radius, plus noise; the targets are the clean masks. Drawn
     * on the host, returned on the default device.
     */
    static Tensor[] images() {
        SplittableRandom rng = new SplittableRandom(17);
        Tensor x = Tensor.wrap(new float[4 * SIZE * SIZE], 4, 1, SIZE, SIZE);
        Tensor y = Tensor.wrap(new float[4 * SIZE * SIZE], 4, 1, SIZE, SIZE);
        for (int n = 0; n < 4; n++) {
            int ci = 8 + rng.nextInt(16);
            int cj = 8 + rng.nextInt(16);
            int r = 4 + rng.nextInt(5);
            for (int i = 0; i < SIZE; i++) {
                for (int j = 0; j < SIZE; j++) {
                    boolean in = n % 2 == 0 ? (i - ci) * (i - ci) + (j - cj) * (j - cj) <= r * r
                            : Math.abs(i - ci) <= r && Math.abs(j - cj) <= r;
                    y.set(in ? 1 : 0, n, 0, i, j);
                    x.set((in ? 1 : -1) + 0.3 * rng.nextGaussian(), n, 0, i, j);
                }
            }
        }
        return new Tensor[] {Tensor.of(x.floats(), x.dims()), Tensor.of(y.floats(), y.dims())};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void lossFallsTenfold(String name, Block block) {
        Tensor[] data = images();
        UNet net = UNet.builder().levels(3).filters(4, 8, 8).block(block).norm(Norm.BATCH).seed(1).build();
        Adam adam = new Adam(net.parameters(), 1e-2);
        double first = Double.NaN;
        double last = Double.NaN;
        int step = 0;
        while (step < MAX_STEPS && !(last <= first / 10)) {
            net.zeroGrad();
            Tensor loss = Losses.bceWithLogits(net.forward(data[0]), data[1]);
            loss.backward();
            adam.step();
            last = loss.item();
            if (step == 0) {
                first = last;
            }
            step++;
        }
        assertTrue(last <= first / 10, name + ": loss " + first + " -> " + last + " after " + step + " steps");
        System.out.printf("%s: loss %.4f -> %.4f in %d steps%n", name, first, last, step);
    }
}
