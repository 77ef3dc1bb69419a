package org.unet4j.autodiff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Counts the floating-point operations of the forward ops run inside a scope, from their shapes.
 *
 * <p>Convention: one multiply-add is 2 FLOPs, and only multiply-adds are counted: a convolution or transposed
 * convolution costs {@code 2 N Cout prod(out) (Cin / groups) prod(k)} (the transposed one counted on the
 * convolution it transposes, so {@code 2 N Cin prod(in) (Cout / groups) prod(k)}), a matrix product
 * {@code [..., m, k] @ [..., k, n]} costs {@code 2 batch m k n}. Attention is its matrix products
 * ({@code QK^T} and {@code PV}) and a linear layer its matrix product; biases, activations, normalisation, softmax
 * and elementwise ops are not counted (they are a few FLOPs per element, small beside the products). Many papers
 * report multiply-adds ("MACs") under the name FLOPs: their figures are half of this count.
 *
 * <p>Why a scope around a forward pass rather than a per-module cost formula: the ops already know their shapes,
 * so any module tree or U-Net topology is counted exactly as it runs (attention inside a block, skips, side outputs)
 * with no cost method to keep in step with each layer. Only the ops' public entry points count; backward rules
 * call the backend directly and are not counted. Scopes are per thread and nest (an inner count is also added to the
 * outer one).
 *
 * <pre>{@code
 * long flops = FlopCounter.count(() -> net.forward(Tensor.zeros(1, 3, 256, 256)));   // runs without taping
 * }</pre>
 */
public final class FlopCounter implements AutoCloseable {
    private static final ThreadLocal<FlopCounter> CURRENT = new ThreadLocal<>();

    private final FlopCounter outer;
    private final Map<String, Long> byOp = new LinkedHashMap<>();
    private long total;
    private boolean closed;

    private FlopCounter(FlopCounter outer) {
        this.outer = outer;
    }

    /** Opens a counting scope on this thread, for use with try-with-resources. */
    public static FlopCounter open() {
        FlopCounter counter = new FlopCounter(CURRENT.get());
        CURRENT.set(counter);
        return counter;
    }

    /** The FLOPs of the forward ops that {@code forward} runs, computed without taping. */
    public static long count(Supplier<Tensor> forward) {
        try (FlopCounter counter = open(); NoGrad scope = Autograd.noGrad()) {
            forward.get();
            return counter.total();
        }
    }

    /** FLOPs counted so far in this scope (including nested scopes). */
    public long total() {
        return total;
    }

    /** FLOPs per op name ({@code conv2d}, {@code matmul}, ...), in the order first seen. */
    public Map<String, Long> byOp() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byOp));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CURRENT.set(outer);
        }
    }

    /** {@code 2 m k n} per batch element of a matrix product. */
    static void matmul(long batch, long m, long k, long n) {
        add("matmul", 2 * batch * m * k * n);
    }

    /** {@code 2 N Cout prod(out) (Cin / groups) prod(k)}, from the geometry of the convolution (or the one transposed). */
    static void convolution(String op, ConvolutionKernels.Geometry g) {
        if (CURRENT.get() == null) {
            return;
        }
        long flops = 2L * g.batch() * g.outChannels() * (g.inChannels() / g.groups());
        for (int s : g.output()) {
            flops *= s;
        }
        for (int s : g.kernel()) {
            flops *= s;
        }
        add(op, flops);
    }

    private static void add(String op, long flops) {
        for (FlopCounter c = CURRENT.get(); c != null; c = c.outer) {
            c.total += flops;
            c.byOp.merge(op, flops, Long::sum);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "FlopCounter[%.3f GFLOPs %s]", total / 1e9, byOp);
    }
}
