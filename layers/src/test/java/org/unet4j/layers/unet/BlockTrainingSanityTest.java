package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Norm;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unet4j.layers.zoo.TrainingSanity;

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void lossFallsTenfold(String name, Block block) {
        UNet net = UNet.builder().levels(3).filters(4, 8, 8).block(block).norm(Norm.BATCH).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, SIZE, 1e-2, MAX_STEPS);
    }
}
