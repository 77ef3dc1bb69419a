package org.unet4j.layers;

import java.util.List;

import org.unet4j.autodiff.Tensor;

/**
 * Modules applied one after another: {@code forward(x) = m_{n-1}(...m_1(m_0(x)))}. The children are named
 * {@code "0"}, {@code "1"}, ... in order.
 *
 * <pre>{@code
 * var net = Sequential.of(new Conv2d(1, 8, 3, rng), new ReLU(), new Conv2d(8, 1, 3, rng));
 * }</pre>
 */
public final class Sequential extends Module {
    private int size;

    /** An empty sequence (the identity) to which {@link #add} appends. */
    public Sequential() {
    }

    /** The given modules in order. */
    public Sequential(List<? extends Module> modules) {
        modules.forEach(this::add);
    }

    /** The given modules in order. */
    public static Sequential of(Module... modules) {
        return new Sequential(List.of(modules));
    }

    /** Appends {@code module} under the next index; returns this sequence. */
    public Sequential add(Module module) {
        registerChild(Integer.toString(size), module);
        size++;
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Sequential has " + size + " modules, there is no index " + index);
        }
        return namedChildren().get(Integer.toString(index));
    }

    /** Number of modules. */
    public int size() {
        return size;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
