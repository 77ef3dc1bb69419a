package org.unet4j.layers.topology;

import org.unet4j.layers.Module;

/**
 * Builds one module of a U-Net from its input and output channel counts and the network's {@link BlockSettings}
 * (kernel, padding, normalisation, activation, spatial dimensions, image channels, and the generator to draw
 * initial weights from). The zoo's blocks, custom stems ({@code Stem.of}) and custom heads ({@code Head.of}) are
 * all made by one.
 *
 * <pre>{@code
 * ModuleFactory smooth = (in, out, s) -> s.convolution(in, out, 5).padding(Padding.SAME).build(s.rng());
 * }</pre>
 */
@FunctionalInterface
public interface ModuleFactory {
    /** A new module from {@code in} to {@code out} channels. */
    Module create(int in, int out, BlockSettings settings);
}
