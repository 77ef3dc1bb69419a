package org.unet4j.layers.unet;

import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.ModuleFactory;
import org.unet4j.layers.topology.Norm;

/**
 * What a U-Net applies to its input before the first level, mapping the input channels to {@link #channels()}
 * channels; the first encoder block (or the bottleneck of a one-level network) then reads the stem's output. A
 * U-Net has none unless {@code UNet.Builder.stem} sets one.
 *
 * <pre>{@code
 * Stem.convolution(8, 3, Norm.BATCH, Activation.SIGMOID)   // PottsMGNet's initial condition u_0 = sigmoid(BN(W * f))
 * Stem.of("lift", 8, (in, out, s) -> Conv2d.builder(in, out, 1).build(s.rng()))
 * }</pre>
 */
public final class Stem {
    private final String name;
    private final int channels;
    private final int kernel;
    private final ModuleFactory factory;

    private Stem(String name, int channels, int kernel, ModuleFactory factory) {
        if (channels < 1) {
            throw new IllegalArgumentException("a stem must output >= 1 channel, got " + channels);
        }
        if (name == null || factory == null) {
            throw new IllegalArgumentException("a stem needs a name and a module factory");
        }
        this.name = name;
        this.channels = channels;
        this.kernel = kernel;
        this.factory = factory;
    }

    /**
     * {@code act(norm(W * x))}: a {@code kernel x kernel} convolution (1 x kernel in 1-D) with the network's padding,
     * then the normalisation and the activation; under VALID padding it removes {@code kernel - 1} pixels per axis.
     */
    public static Stem convolution(int channels, int kernel, Norm norm, Activation activation) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("the stem's kernel must be odd and >= 1, got " + kernel);
        }
        if (norm == null || activation == null) {
            throw new IllegalArgumentException("the stem's norm and activation must not be null (use Norm.NONE or "
                    + "Activation.IDENTITY for none)");
        }
        String name = "conv" + kernel + "x" + kernel + "-" + norm + "-" + activation;
        return new Stem(name, channels, kernel, (in, out, s) -> Sequential.of(
                s.convolution(in, out, kernel).padding(s.padding().padding()).build(s.rng()), s.space().norm(norm, out),
                activation.create()));
    }

    /**
     * A custom stem built by {@code factory} from the input channels to {@code channels}; its module must keep the
     * spatial size (the network checks it on every forward pass).
     */
    public static Stem of(String name, int channels, ModuleFactory factory) {
        return new Stem(name, channels, 1, factory);
    }

    /** The channels the stem outputs. */
    public int channels() {
        return channels;
    }

    /** A new stem module from {@code in} input channels. */
    Module create(int in, BlockSettings settings) {
        return factory.create(in, channels, settings);
    }

    /** Pixels per axis the stem removes: {@code kernel - 1} under VALID padding, else 0. */
    int shrink(BlockSettings settings) {
        return settings.padding() == ConvPadding.VALID ? kernel - 1 : 0;
    }

    @Override
    public String toString() {
        return name + " to " + channels;
    }
}
