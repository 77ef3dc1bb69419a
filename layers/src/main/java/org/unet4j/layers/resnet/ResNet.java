package org.unet4j.layers.resnet;

import java.util.Arrays;

/**
 * A ResNet encoder configuration of BasicBlocks (He et al., <i>Deep Residual Learning for Image Recognition</i>,
 * CVPR 2016, as torchvision builds it): a 7x7 stride-2 stem to {@code widths[0]} channels, then four stages of
 * {@code blocks[k]} {@link BasicBlock}s of {@code widths[k]} channels, stages 2-4 starting with stride 2. The SoftCut
 * thesis's two encoders are {@link #RESNET18} (11,176,512 parameters without the classifier, its "11M") and
 * {@link #RESNET34} (21,284,672, its "21M"); {@link #withWidths} shrinks one for tests and small runs.
 *
 * <pre>{@code
 * ResNet tiny = ResNet.RESNET18.withWidths(4, 8, 16, 32);     // the same depth, 1/16 of the channels
 * }</pre>
 */
public final class ResNet {
    /** ResNet-18: BasicBlocks [2, 2, 2, 2] at widths [64, 128, 256, 512]. */
    public static final ResNet RESNET18 = new ResNet("resnet18", new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512});
    /** ResNet-34: BasicBlocks [3, 4, 6, 3] at widths [64, 128, 256, 512]. */
    public static final ResNet RESNET34 = new ResNet("resnet34", new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512});

    private final String name;
    private final int[] blocks;
    private final int[] widths;

    private ResNet(String name, int[] blocks, int[] widths) {
        if (blocks.length != 4 || widths.length != 4) {
            throw new IllegalArgumentException("a ResNet has four stages: give four block counts and four widths, got "
                    + Arrays.toString(blocks) + " and " + Arrays.toString(widths));
        }
        for (int k = 0; k < 4; k++) {
            if (blocks[k] < 1 || widths[k] < 1) {
                throw new IllegalArgumentException("every stage needs >= 1 block of >= 1 channel, got blocks "
                        + Arrays.toString(blocks) + ", widths " + Arrays.toString(widths));
            }
        }
        this.name = name;
        this.blocks = blocks.clone();
        this.widths = widths.clone();
    }

    /** A ResNet of BasicBlocks with the given blocks and widths per stage (four each). */
    public static ResNet of(int[] blocksPerStage, int[] widthsPerStage) {
        return new ResNet("resnet", blocksPerStage, widthsPerStage);
    }

    /** This ResNet's depth with other widths per stage (the stem has {@code widths[0]}). */
    public ResNet withWidths(int... widthsPerStage) {
        return new ResNet(name, blocks, widthsPerStage);
    }

    /** The BasicBlocks per stage. */
    public int[] blocks() {
        return blocks.clone();
    }

    /** The channels per stage. */
    public int[] widths() {
        return widths.clone();
    }

    /**
     * The channels of the five feature maps a U-Net decoder reads, finest first: the stem's (1/2 of the input
     * size), then the four stages' (1/4, 1/8, 1/16, 1/32).
     */
    public int[] featureChannels() {
        return new int[] {widths[0], widths[0], widths[1], widths[2], widths[3]};
    }

    /** The name ({@code resnet18}, {@code resnet34}, or {@code resnet} for a custom depth). */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNet r && Arrays.equals(blocks, r.blocks) && Arrays.equals(widths, r.widths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blocks) + Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return name + "(BasicBlocks " + Arrays.toString(blocks) + ", widths " + Arrays.toString(widths) + ")";
    }
}
