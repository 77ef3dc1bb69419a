package org.unet4j.layers.resnet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.topology.UNetModules;

/**
 * A ResNet of {@link BasicBlock}s as the encoder half of segmentation_models_pytorch's U-Net on the one topology
 * (see {@code ResNetUNetTopology}): stem (7x7 stride-2 convolution, BN, ReLU), 3x3 stride-2 max-pool, four stages;
 * torchvision's ResNet without its average pool and classifier. {@link #encode} returns the skips finest first (the
 * input itself, unused by the decoder, then the stem's output at 1/2 and the first three stages' at 1/4, 1/8,
 * 1/16) and the last stage's output at 1/32 as the bottom. Its parameters and buffers carry torchvision's names
 * ({@code conv1.weight}, {@code layer1.0.bn1.running_mean}, {@code layer2.0.downsample.0.weight}, ...).
 *
 * <p>Weights start random (torchvision's initialisation). No pretrained weights can be downloaded here:
 * {@link #loadWeights} reads them from a unet4j checkpoint instead, once converted weights exist.
 */
public final class ResNetEncoder extends Module {
    private final ResNet resnet;
    private final int inChannels;
    private final UNetModules modules;

    /** The encoder {@code resnet} for images of {@code inChannels} channels, weights drawn from {@code rng}. */
    public ResNetEncoder(ResNet resnet, int inChannels, SplittableRandom rng) {
        if (resnet == null) {
            throw new IllegalArgumentException("choose an encoder, e.g. ResNet.RESNET18 or ResNet.RESNET34");
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("inChannels must be >= 1, got " + inChannels);
        }
        this.resnet = resnet;
        this.inChannels = inChannels;
        this.modules = ResNetUNetTopology.of(resnet, inChannels, ResNetUNetTopology.SMP_DECODER_CHANNELS, rng)
                .buildEncoder(this::registerChild);
    }

    /** The configuration. */
    public ResNet resnet() {
        return resnet;
    }

    /** The image channels it reads. */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The skips and the bottom for an {@code N x inChannels x H x W} batch, H and W multiples of 32.
     *
     * @throws IllegalArgumentException naming the shape and the nearest valid sizes otherwise
     */
    public UNetModules.Encoded encode(Tensor input) {
        requireInput(input);
        return modules.encode(input);
    }

    /** The last stage's features, {@code N x widths[3] x H/32 x W/32}. */
    @Override
    public Tensor forward(Tensor input) {
        return encode(input).bottom();
    }

    private void requireInput(Tensor input) {
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) % 32 != 0 || input.dim(3) % 32 != 0) {
            String sizes = input.rank() == 4 ? " (nearest valid sizes: H " + nearest(input.dim(2)) + ", W "
                    + nearest(input.dim(3)) + ")" : "";
            throw new IllegalArgumentException("a ResNet U-Net takes N x " + inChannels + " x H x W with H and W "
                    + "multiples of 32 (five halvings), got " + input.shape() + sizes);
        }
    }

    private static String nearest(int size) {
        int below = size / 32 * 32;
        return size % 32 == 0 ? "" + size : below == 0 ? "32" : below + " or " + (below + 32);
    }

    /**
     * Loads the encoder's weights by name from a unet4j checkpoint ({@link Checkpoint}): either an encoder's own
     * state (torchvision's names, {@code conv1.weight}, ...) or a whole network saved by unet4j whose encoder is
     * its child {@code encoder} ({@code encoder.conv1.weight}, ...). Every tensor is checked before any is copied;
     * entries that are not the encoder's (a decoder, a classifier) are left alone and listed in the result.
     * Pretrained weights cannot be downloaded here; this reads weights that were trained or converted elsewhere.
     *
     * @throws org.unet4j.layers.io.CheckpointException naming the file and every missing tensor and every tensor of
     *                                                  another shape (both shapes), or when the file is unreadable
     */
    public EncoderWeights loadWeights(Path checkpoint) throws IOException {
        return EncoderWeights.load(Checkpoint.read(checkpoint), "checkpoint " + checkpoint, this);
    }

    /** As {@link #loadWeights(Path)} from a checkpoint already in memory. */
    public EncoderWeights loadWeights(Checkpoint checkpoint) throws IOException {
        return EncoderWeights.load(checkpoint, "the checkpoint", this);
    }

    @Override
    protected String describe() {
        return resnet + ", " + inChannels + " input channels";
    }
}
