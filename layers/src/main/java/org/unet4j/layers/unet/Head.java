package org.unet4j.layers.unet;

import org.unet4j.layers.Module;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ModuleFactory;

/**
 * The output head of a U-Net, mapping the finest level's filters to the output channels. By default a 1x1
 * convolution (Ronneberger et al. 2015); a custom head must keep the spatial size (the network checks it on every
 * forward pass).
 *
 * <pre>{@code
 * Head.pointwise()                                                        // conv1x1, the default
 * Head.of("smooth", (in, out, s) -> s.convolution(in, out, 5).padding(Padding.SAME).build(s.rng()))
 * }</pre>
 */
public final class Head {
    private static final Head POINTWISE = new Head("conv1x1", (in, out, s) -> s.convolution(in, out, 1)
            .build(s.rng()));

    private final String name;
    private final ModuleFactory factory;

    private Head(String name, ModuleFactory factory) {
        if (name == null || factory == null) {
            throw new IllegalArgumentException("a head needs a name and a module factory");
        }
        this.name = name;
        this.factory = factory;
    }

    /** A 1x1 convolution with bias: {@code out = W y_0 + b} per pixel. */
    public static Head pointwise() {
        return POINTWISE;
    }

    /** A custom head built by {@code factory} from the finest level's filters to the output channels. */
    public static Head of(String name, ModuleFactory factory) {
        return new Head(name, factory);
    }

    /** A new head module from {@code in} to {@code out} channels. */
    Module create(int in, int out, BlockSettings settings) {
        return factory.create(in, out, settings);
    }

    /** Whether this is the default 1x1 convolution. */
    boolean isPointwise() {
        return this == POINTWISE;
    }

    @Override
    public String toString() {
        return name;
    }
}
