package org.unet4j.layers.resnet;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.init.Init;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetTopology;

/**
 * segmentation_models_pytorch's U-Net on a ResNet encoder as a configuration of the one {@link UNetTopology}, the
 * way the zoo's TransUNet places its ResNet: five levels above the bottleneck whose encoder blocks are the identity
 * and whose down-samplings are the ResNet's parts, so that the skips are the ResNet's feature maps.
 * <pre>
 *   level 0 (1/1):   down = conv1 (7x7, stride 2, padding 3), bn1, relu       up x2, join upOnly,    block4
 *   level 1 (1/2):   down = max-pool (3x3, stride 2, padding 1), layer1       up x2, join [u, s],    block3
 *   level 2 (1/4):   down = layer2                                           up x2, join [u, s],    block2
 *   level 3 (1/8):   down = layer3                                           up x2, join [u, s],    block1
 *   level 4 (1/16):  down = layer4                                           up x2, join [u, s],    block0
 *   bottleneck (1/32): the identity (smp's "center" for ResNets)
 * </pre>
 * Up-sampling is nearest x2; decoder block {@code block<k>} (k numbered as smp's {@code decoder.blocks.k}, coarsest
 * first) is two 3x3 conv-BN-ReLU (no conv bias) to {@code decoderChannels[k]}; the finest reads no skip. The encoder
 * half registers torchvision's names ({@code conv1, bn1, layer1..layer4}), the decoder half {@code block0..block4};
 * neither has a head. Decoder convolutions start as smp initialises them: Kaiming uniform (fan-in, ReLU), no bias.
 */
final class ResNetUNetTopology {
    private ResNetUNetTopology() {
    }

    /** The five decoder widths of segmentation_models_pytorch's U-Net, coarsest first. */
    static final int[] SMP_DECODER_CHANNELS = {256, 128, 64, 32, 16};

    /** Checks five positive decoder widths, coarsest first, and returns a copy. */
    static int[] decoderChannels(int... widths) {
        if (widths.length != 5 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("the U-Net decoder has five blocks: give five positive widths, coarsest "
                    + "first (smp's default 256, 128, 64, 32, 16), got " + Arrays.toString(widths));
        }
        return widths.clone();
    }

    static UNetTopology of(ResNet resnet, int inChannels, int[] decoderChannels, SplittableRandom rng) {
        int[] w = resnet.widths();
        int[] blocks = resnet.blocks();
        int[] skip = resnet.featureChannels();
        int[] dec = decoderChannels(decoderChannels);
        SpatialLayers space = SpatialLayers.of(2);
        Part[][] downs = {
            {Part.of("conv1", () -> BasicBlock.conv(inChannels, w[0], 7, 2, rng)),
                Part.of("bn1", () -> new BatchNorm2d(w[0])), Part.unnamed(new ReLU())},
            {Part.unnamed(new MaxPool2d(3, 2, 1)), Part.of("layer1", () -> stage(w[0], w[0], blocks[0], 1, rng))},
            {Part.of("layer2", () -> stage(w[0], w[1], blocks[1], 2, rng))},
            {Part.of("layer3", () -> stage(w[1], w[2], blocks[2], 2, rng))},
            {Part.of("layer4", () -> stage(w[2], w[3], blocks[3], 2, rng))}};
        UNetTopology.Builder t = UNetTopology.builder(space);
        for (int level = 0; level < 5; level++) {
            int k = 4 - level;
            int below = k == 0 ? w[3] : dec[k - 1];
            int in = below + (level == 0 ? 0 : skip[level - 1]);
            int out = dec[k];
            t.level(UNetTopology.level()
                    .encoder(Part.unnamed(new Identity()))
                    .down(downs[level])
                    .up(Part.unnamed(space.nearest(2)))
                    .join(level == 0 ? SkipJoin.upOnly() : SkipJoin.concatUpFirst())
                    .decoder(Part.of("block" + k, () -> Sequential.of(convBnRelu(in, out, rng),
                            convBnRelu(out, out, rng)))));
        }
        return t.bottleneck(Part.unnamed(new Identity())).build();
    }

    private static Sequential stage(int in, int out, int count, int stride, SplittableRandom rng) {
        Sequential s = Sequential.of(new BasicBlock(in, out, stride, rng));
        for (int b = 1; b < count; b++) {
            s.add(new BasicBlock(out, out, 1, rng));
        }
        return s;
    }

    private static Sequential convBnRelu(int in, int out, SplittableRandom rng) {
        return Sequential.of(Conv2d.builder(in, out, 3).padding(1).bias(false).weightInit(Init.kaimingUniform())
                .build(rng), new BatchNorm2d(out), new ReLU());
    }
}
