package org.unet4j.layers.topology;

import java.util.function.Supplier;
import org.unet4j.layers.Module;

/**
 * One module of a U-Net topology and the name it has in the network's module tree (and so in checkpoints). The
 * module is made when the topology is built, in the topology's fixed order, so that a seeded generator draws the
 * same weights every time. A part without a name ({@link #unnamed}) is applied but not registered: a shared,
 * parameter-free operation such as a fixed pooling. A part states how many pixels per axis it removes
 * ({@link #shrinking}), so that the topology's size rules follow from its parts.
 */
public record Part(String name, Supplier<? extends Module> factory, int shrink) {
    /** Validates the factory and the shrink. */
    public Part {
        if (factory == null) {
            throw new IllegalArgumentException("a part needs a module factory");
        }
        if (shrink < 0) {
            throw new IllegalArgumentException("a part's shrink must be >= 0 pixels per axis, got " + shrink);
        }
    }

    /** The part registered as {@code name}. */
    public static Part of(String name, Supplier<? extends Module> factory) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a registered part needs a name; use Part.unnamed for a shared "
                    + "parameter-free operation");
        }
        return new Part(name, factory, 0);
    }

    /**
     * The same part removing {@code pixels} per spatial axis (a VALID convolution of kernel k removes k - 1), for
     * the size rules {@link UNetTopology#geometry()} derives; parts keep their size by default.
     */
    public Part shrinking(int pixels) {
        return new Part(name, factory, pixels);
    }

    /** A part applied but kept out of the module tree; its module must have no parameters. */
    public static Part unnamed(Module module) {
        if (module.parameterCount() != 0) {
            throw new IllegalArgumentException("an unnamed part must be parameter-free, got " + module.label());
        }
        return new Part(null, () -> module, 0);
    }
}
